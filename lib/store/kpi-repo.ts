// The KPI counts in the store. Each lead has a marker (its campaign, cohort days, sending account
// and the metrics it was counted for), and each day one hash of `campaign|metric` counts: a signal
// counts its lead's metrics in the same atomic write that applies it (signal-repo.ts), so a
// repeated or concurrent signal never counts twice. Each sending account keeps its last sends
// (lead ids, newest first) and the leads that bounced from it, for the deliverability guard. And
// the red flags raised and not yet recovered, so each one alerts once.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { COUNTED_ON, emptyCounts, type TKpiCounts, type TLeadMetric } from "../kpis/kpi-metrics.ts";
import { storeKey } from "./keys.ts";
import { hashReply, parseStored } from "./parse-stored.ts";
import type { Writes } from "./scripts/compare-and-write.ts";

const markerKey = (leadId: string) => storeKey("kpi", "lead", leadId);
const dayKey = (day: string) => storeKey("kpi", "day", day);
const sendsKey = (account: string) => storeKey("kpi", "account", account, "sends");
const bouncedKey = (account: string) => storeKey("kpi", "account", account, "bounced");
const ACCOUNTS_KEY = storeKey("kpi", "accounts");
const FLAGS_KEY = storeKey("kpi", "flags");

/** Events about a lead keep coming for months (a late reply); a day's counts are kept longer. */
const MARKER_TTL_S = 180 * 24 * 3600;
const DAY_TTL_S = 400 * 24 * 3600;
const ACCOUNT_TTL_S = 90 * 24 * 3600;

const ZMarker = z.object({
  campaign: z.string(),
  contactedOn: z.string().nullable(),
  emailedOn: z.string().nullable(),
  account: z.string().nullable(),
  counted: z.array(z.string()),
});
type TMarker = z.infer<typeof ZMarker>;

/** One signal's part in the counts. */
export type TCountInput = {
  metrics: readonly TLeadMetric[];
  /** The signal's day (send window time zone). */
  day: string;
  /**
   * The lead's campaign, used when the lead has no marker yet: the name, or how to look it up
   * (asked only then, so a lead counted before costs no lookup).
   */
  campaign: string | (() => Promise<string>);
  /** The sending account the signal names, if any. */
  account: string | null;
  /** An email went out: it counts in `emails` and in its account's recent sends. */
  emailSend: boolean;
};

/**
 * Something written with a signal, computed from what its key held (signal-repo.ts `apply`):
 * `prepare` (if any) may look up what `write` needs, given the same read, before it runs.
 */
export type TWriteAlong = {
  key: string;
  prepare?: (read: unknown) => Promise<void>;
  write: (read: unknown, writes: Writes) => void;
};

/** What a signal's counting did, as of the write that landed. */
export type TCounted = { metrics: TLeadMetric[]; account: string | null };

export const ZKpiFlag = z.object({
  kpi: z.string(),
  /** The campaign, or "account:<email>" for a sending account. */
  scope: z.string(),
  value: z.number(),
  sample: z.number().int(),
  detail: z.string(),
  since: z.string(),
});
export type TKpiFlag = z.infer<typeof ZKpiFlag>;

export const flagField = (flag: Pick<TKpiFlag, "kpi" | "scope">) => `${flag.scope}|${flag.kpi}`;

export function createKpiRepo(redis: Redis, lastSends: () => number) {
  /**
   * The writes that count one signal for its lead, given the marker as it is read; `counted()`
   * says what the last computed writes count (those of the attempt that landed), `campaign()` the
   * campaign they count under.
   */
  function counter(
    leadId: string,
    input: TCountInput,
  ): TWriteAlong & { counted: () => TCounted; campaign: () => string } {
    const key = markerKey(leadId);
    let counted: TCounted = { metrics: [], account: null };
    let campaign = typeof input.campaign === "string" ? input.campaign : "";
    return {
      key,
      counted: () => counted,
      campaign: () => campaign,
      async prepare(read) {
        // A lead with a marker counts under its campaign (write reads it there).
        const unmarked = read === null || read === undefined;
        if (unmarked && typeof input.campaign !== "string") campaign = await input.campaign();
      },
      write(read, writes) {
        const marker: TMarker = parseStored(ZMarker, key, read) ?? {
          campaign,
          contactedOn: null,
          emailedOn: null,
          account: null,
          counted: [],
        };
        campaign = marker.campaign;
        const account = input.account ?? marker.account;
        const touched = new Set<string>();
        const count = (day: string, metric: string) => {
          writes.hincrby(dayKey(day), `${marker.campaign}|${metric}`, 1);
          touched.add(day);
        };
        const now: TLeadMetric[] = [];
        for (const metric of input.metrics) {
          if (marker.counted.includes(metric)) continue;
          if (metric === "contacted") marker.contactedOn ??= input.day;
          if (metric === "emailed") marker.emailedOn ??= input.day;
          const on = COUNTED_ON[metric];
          const day =
            on === "emailed" ? marker.emailedOn : on === "contacted" ? marker.contactedOn : null;
          count(day ?? input.day, metric);
          marker.counted.push(metric);
          now.push(metric);
          if (metric === "bounced" && account) {
            writes.sadd(bouncedKey(account), leadId);
            writes.expire(bouncedKey(account), ACCOUNT_TTL_S);
          }
        }
        counted = { metrics: now, account };
        // An open, bounce or unsubscribe whose send was never reported implies that send.
        if (!input.emailSend && now.includes("emailed")) count(input.day, "emails");
        if (input.emailSend) {
          count(input.day, "emails");
          if (input.account) {
            writes.lpush(sendsKey(input.account), leadId);
            writes.ltrim(sendsKey(input.account), 0, lastSends() - 1);
            writes.expire(sendsKey(input.account), ACCOUNT_TTL_S);
            writes.sadd(ACCOUNTS_KEY, input.account);
            writes.expire(ACCOUNTS_KEY, ACCOUNT_TTL_S);
          }
        }
        for (const day of touched) writes.expire(dayKey(day), DAY_TTL_S);
        writes.set(key, { ...marker, account }, { ex: MARKER_TTL_S });
      },
    };
  }

  /** Each day's counts per campaign, for the days asked (one round trip). */
  async function days(list: readonly string[]): Promise<Map<string, Map<string, TKpiCounts>>> {
    const result = new Map<string, Map<string, TKpiCounts>>();
    if (list.length === 0) return result;
    const pipe = redis.pipeline();
    for (const day of list) pipe.hgetall(dayKey(day));
    const replies = await pipe.exec<unknown[]>();
    list.forEach((day, i) => {
      const byCampaign = new Map<string, TKpiCounts>();
      for (const [field, value] of Object.entries(hashReply(replies[i]))) {
        const cut = field.lastIndexOf("|");
        const campaign = field.slice(0, cut);
        const metric = field.slice(cut + 1) as keyof TKpiCounts;
        const counts = byCampaign.get(campaign) ?? emptyCounts();
        if (metric in counts) counts[metric] += Number(value) || 0;
        byCampaign.set(campaign, counts);
      }
      result.set(day, byCampaign);
    });
    return result;
  }

  /**
   * A sending account's last sends and how many of them bounced: a lead sent three steps before
   * it bounced is three sends and one bounce (a bounce ends a lead's sends).
   */
  async function accountWindow(account: string): Promise<{ sends: number; bounced: number }> {
    const sent = await redis.lrange<string>(sendsKey(account), 0, lastSends() - 1);
    if (sent.length === 0) return { sends: 0, bounced: 0 };
    const leads = [...new Set(sent.map(String))];
    const flags = await redis.smismember(bouncedKey(account), leads);
    return { sends: sent.length, bounced: flags.filter((f) => Number(f) === 1).length };
  }

  /** Every sending account that has sent, with its window. */
  async function accounts(): Promise<{ account: string; sends: number; bounced: number }[]> {
    const names = (await redis.smembers<string[]>(ACCOUNTS_KEY)).map(String).sort();
    const windows = await Promise.all(
      names.map(async (account) => ({ account, ...(await accountWindow(account)) })),
    );
    return windows.filter((w) => w.sends > 0);
  }

  /** The red flags raised and not recovered. */
  async function flags(): Promise<TKpiFlag[]> {
    const raw = hashReply(await redis.hgetall(FLAGS_KEY));
    return Object.entries(raw)
      .map(([field, value]) => parseStored(ZKpiFlag, `${FLAGS_KEY}[${field}]`, value))
      .filter((flag): flag is TKpiFlag => flag !== null)
      .sort((a, b) => a.since.localeCompare(b.since));
  }

  /** The raised flags by `scope|kpi`. */
  async function flagMap(): Promise<Map<string, TKpiFlag>> {
    return new Map((await flags()).map((flag) => [flagField(flag), flag]));
  }

  /** Records a red flag with its latest numbers, keeping when it was first raised. */
  async function raiseFlag(flag: TKpiFlag, since: string): Promise<void> {
    await redis.hset(FLAGS_KEY, { [flagField(flag)]: JSON.stringify({ ...flag, since }) });
  }

  /** Forgets a red flag that recovered; true when it had been raised. */
  async function dropFlag(flag: Pick<TKpiFlag, "kpi" | "scope">): Promise<boolean> {
    return (await redis.hdel(FLAGS_KEY, flagField(flag))) === 1;
  }

  return {
    counter,
    days,
    accountWindow,
    accounts,
    flags,
    flagMap,
    raiseFlag,
    dropFlag,
  };
}

export type KpiRepo = ReturnType<typeof createKpiRepo>;
