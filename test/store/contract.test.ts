// Runs the store contract against the embedded transport and against real Redis over TCP.
import { Redis } from "@upstash/redis";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { createTcpRequester } from "../../lib/store/tcp-requester.ts";
import { NO_REDIS_REASON, testRedisUrl } from "../support/redis.ts";
import { describeStoreContract } from "./contract-cases.ts";

describeStoreContract("embedded (memory only)", async () => {
  const memory = createMemoryRequester();
  return { redis: new Redis(memory.requester), close: memory.close };
});

const redisUrl = testRedisUrl();
describeStoreContract(
  `redis over TCP (${redisUrl === undefined ? NO_REDIS_REASON : "real redis-server"})`,
  async () => {
    const tcp = createTcpRequester(redisUrl ?? "redis://127.0.0.1:1");
    return { redis: new Redis(tcp.requester), close: tcp.close };
  },
  redisUrl === undefined,
);
