import { existsSync } from "node:fs";
import * as z from "zod";
import { isTenantId } from "../domain/directory/directory.rules.js";
import type { ConfiguredAdmin } from "../domain/shared/actor.js";
import { deepFreeze } from "../util/deep-freeze.js";

/**
 * Configuration is read once, here, from the environment (and an optional `.env`), validated, frozen and
 * handed to whoever needs it. Nothing else in src/ reads process.env.
 */

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

/** `tenantId:aadObjectId`, or a bare `aadObjectId` (bound to MicrosoftAppTenantId, or anonymous mode). */
const adminEntry = z.string().superRefine((entry, ctx) => {
  const [first, second, ...rest] = entry.split(":");
  const [tenant, user] = second === undefined ? [undefined, first] : [first, second];
  if (rest.length > 0 || (tenant !== undefined && !isTenantId(tenant)))
    ctx.addIssue({ code: "custom", message: "must be tenantId:aadObjectId (or an AAD object id)" });
  else if (!guid.safeParse(user).success) ctx.addIssue({ code: "custom", message: "must be a GUID" });
});

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());

/**
 * Built by each parse, not when the module loads: the environment is read once at start-up, and the schema
 * (about 40 fields, each a few zod objects: 0.1 MB of heap) would otherwise be kept for the life of the process.
 */
const environmentSchema = () =>
  z
    .object({
      PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
      HOST: z.preprocess(emptyAsUndefined, z.string().optional()),
      BOT_DOMAIN: z.preprocess(
        (v) => (typeof v === "string" ? emptyAsUndefined(v.trim().toLowerCase()) : v),
        z
          .string()
          .max(253)
          .regex(
            /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/,
            "must be the bare host name the bot is served from, such as bot.contoso.com (no scheme, port or path)",
          )
          .optional(),
      ),
      STORE: z.preprocess(
        (v) => (typeof v === "string" ? emptyAsUndefined(v.toLowerCase()) : v),
        z.enum(["embedded", "cosmos"]).default("embedded"),
      ),
      DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./data")),
      COSMOS_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
      COSMOS_KEY: optionalString,
      COSMOS_DATABASE: z.preprocess(emptyAsUndefined, z.string().min(1).default("pipeline")),
      COSMOS_CONTAINER: z.preprocess(emptyAsUndefined, z.string().min(1).default("pipeline")),
      ADMIN_AAD_IDS: z.preprocess(
        (v) =>
          typeof v === "string"
            ? v
                .split(/[,;\s]+/)
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
        z.array(adminEntry),
      ),
      MicrosoftAppId: z.preprocess(emptyAsUndefined, guid.optional()),
      MicrosoftAppPassword: optionalString,
      MicrosoftAppTenantId: z.preprocess(emptyAsUndefined, guid.optional()),
      MicrosoftAppType: z.preprocess(
        emptyAsUndefined,
        z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
      ),
      NOTIFICATIONS: z.preprocess(
        (v) => (typeof v === "string" ? emptyAsUndefined(v.toLowerCase()) : v),
        z.enum(["on", "off"]).default("on"),
      ),
      SENDER_LEASE_SECONDS: z.preprocess(
        emptyAsUndefined,
        z.coerce.number().min(0.3, "must be at least 0.3").max(600, "must be at most 600").default(15),
      ),
      PURGE_BATCH: z.preprocess(
        emptyAsUndefined,
        z.coerce
          .number()
          .int("must be a whole number")
          .min(1, "must be at least 1")
          .max(10_000, "must be at most 10000")
          .default(1_000),
      ),
      LOG_LEVEL: z.preprocess(
        emptyAsUndefined,
        z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
      ),
    })
    .superRefine((env, ctx) => {
      if (env.STORE === "cosmos") {
        if (!env.COSMOS_ENDPOINT)
          ctx.addIssue({
            code: "custom",
            path: ["COSMOS_ENDPOINT"],
            message: "is required when STORE=cosmos",
          });
        if (!env.COSMOS_KEY)
          ctx.addIssue({ code: "custom", path: ["COSMOS_KEY"], message: "is required when STORE=cosmos" });
      }
      if (env.MicrosoftAppType === "SingleTenant" && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
        ctx.addIssue({
          code: "custom",
          path: ["MicrosoftAppTenantId"],
          message: "is required when MicrosoftAppType=SingleTenant",
        });
      }
      if (
        env.MicrosoftAppId &&
        !env.MicrosoftAppTenantId &&
        env.ADMIN_AAD_IDS.some((id) => !id.includes(":"))
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["ADMIN_AAD_IDS"],
          message:
            "must name each admin's tenant (tenantId:aadObjectId) when MicrosoftAppId is set without MicrosoftAppTenantId",
        });
      }
      if (env.MicrosoftAppType !== "UserAssignedMSI" && env.MicrosoftAppId && !env.MicrosoftAppPassword) {
        ctx.addIssue({
          code: "custom",
          path: ["MicrosoftAppPassword"],
          message: "is required when MicrosoftAppId is set",
        });
      }
    });

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store:
    | {
        readonly kind: "embedded";
        readonly dataDir: string;
        /** DATA_DIR was not set: the default ./data may be created. A DATA_DIR that was set must exist. */
        readonly createDataDir: boolean;
      }
    | {
        readonly kind: "cosmos";
        readonly endpoint: string;
        readonly key: string;
        readonly database: string;
        readonly container: string;
      };
  /**
   * Admins from configuration, each bound to a tenant. `tenantId` absent: every tenant — only in anonymous
   * local mode, where nothing authenticates the sender anyway.
   */
  readonly admins: readonly ConfiguredAdmin[];
  /** Absent: anonymous local mode (Agents Playground, tests). Present: every request needs a valid token. */
  readonly bot: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appTenantId?: string;
    readonly appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  };
  /**
   * Whether this instance may send notifications (NOTIFICATIONS=off: never). Every instance commits events
   * with the changes; on Cosmos DB the instances that may send elect one sender among themselves.
   */
  readonly notifications: boolean;
  /**
   * The sender election on Cosmos DB: an unrenewed lease expires after `expiryMs` (SENDER_LEASE_SECONDS),
   * and the sender renews it every third of that. The same on every instance.
   */
  readonly senderLease: { readonly expiryMs: number; readonly renewMs: number };
  readonly logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** The most closed opportunities one `opp purge` deletes (PURGE_BATCH); a bigger purge is run again. */
  readonly purgeBatch: number;
  /**
   * Where record links point (`<publicUrl>/r/<ref>`): https://BOT_DOMAIN, or without BOT_DOMAIN (locally)
   * the address the bot listens on.
   */
  readonly publicUrl: string;
  /** BOT_DOMAIN when set: what is posted to Teams on the bot's own initiative links to records only then. */
  readonly botDomain?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (a plain record, so tests need not touch process.env). */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = environmentSchema().safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join(".") || "environment";
        const value = env[String(issue.path[0])];
        const shown = value === undefined || /KEY|PASSWORD/i.test(name) ? "" : ` (got "${value}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const store: Config["store"] =
    e.STORE === "cosmos"
      ? {
          kind: "cosmos",
          endpoint: e.COSMOS_ENDPOINT ?? "",
          key: e.COSMOS_KEY ?? "",
          database: e.COSMOS_DATABASE,
          container: e.COSMOS_CONTAINER,
        }
      : {
          kind: "embedded",
          dataDir: e.DATA_DIR,
          createDataDir: emptyAsUndefined(env.DATA_DIR) === undefined,
        };
  // Anonymous mode lets anyone who can reach the port act as anyone: it listens on loopback unless told.
  const host = e.HOST ?? (e.MicrosoftAppId ? "0.0.0.0" : "127.0.0.1");
  return deepFreeze({
    port: e.PORT,
    host,
    store,
    admins: e.ADMIN_AAD_IDS.map((entry) => adminOf(entry, e.MicrosoftAppTenantId)),
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
    notifications: e.NOTIFICATIONS === "on",
    senderLease: {
      expiryMs: Math.round(e.SENDER_LEASE_SECONDS * 1000),
      renewMs: Math.round((e.SENDER_LEASE_SECONDS * 1000) / 3),
    },
    logLevel: e.LOG_LEVEL,
    purgeBatch: e.PURGE_BATCH,
    publicUrl: e.BOT_DOMAIN ? `https://${e.BOT_DOMAIN}` : listenUrl(host, e.PORT),
    ...(e.BOT_DOMAIN ? { botDomain: e.BOT_DOMAIN } : {}),
  });
}

/** Reads `.env` (when present; real environment variables win) and then the process environment. */
export function readConfig(envFile = ".env"): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}

/** The listen address as a URL; "all interfaces" becomes localhost, an IPv6 address gets its brackets. */
function listenUrl(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" || host === "" ? "localhost" : host;
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}

function adminOf(entry: string, appTenantId: string | undefined): ConfiguredAdmin {
  const [first = "", second] = entry.toLowerCase().split(":");
  if (second !== undefined) return { tenantId: first, userId: second };
  return appTenantId ? { tenantId: appTenantId.toLowerCase(), userId: first } : { userId: first };
}
