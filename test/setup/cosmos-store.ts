import { afterAll, beforeAll } from "vitest";
import { startCosmosServer } from "../support/cosmos-server.js";
import { cosmosServer, useCosmosServer } from "../support/test-store.js";

/**
 * Setup of the vitest project `cosmos`: one local Cosmos server per test file, over plain HTTP so that bots
 * in child processes (configured by COSMOS_ENDPOINT alone) reach it as well as stores in this process.
 */
beforeAll(async () => {
  useCosmosServer(await startCosmosServer({ protocol: "http" }));
});

afterAll(async () => {
  await cosmosServer().stop();
  useCosmosServer(undefined);
});
