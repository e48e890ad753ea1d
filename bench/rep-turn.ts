import type { Turn } from "../src/kit/turn.js";

/** The tenant of the in-process benches (read-path, write-path). */
const benchTenantId = "b7a9c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

/**
 * Virtual user `vu`'s turn in the in-process benches: a rep in their own personal chat, whose roster knows
 * only them. `prefix` keeps each bench's users and chats apart.
 */
export function repTurn(prefix: string, vu: number, timeZone: string): Turn {
  const n = String(vu).padStart(3, "0");
  const tenantId = benchTenantId;
  const user = {
    id: `29:${prefix}-${n}`,
    aadObjectId: `0b1c2d3e-4f5a-4b6c-8d7e-00000000${n}`,
    name: `Rep ${n}`,
  };
  return {
    tenantId,
    user,
    conversation: { id: `a:${prefix}-${n}`, kind: "personal" },
    serviceUrl: "http://127.0.0.1:9/",
    botId: "28:pipeline-bot",
    mentions: [],
    roster: {
      member: (teamsId) =>
        Promise.resolve(
          teamsId === user.id
            ? { teamsId, aadObjectId: user.aadObjectId, name: user.name, tenantId, userRole: "user" as const }
            : undefined,
        ),
    },
    locale: "en-US",
    timeZone,
  };
}
