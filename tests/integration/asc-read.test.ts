import { describe, expect, it } from "vitest";
import { ascClient } from "@/lib/asc/client";
import { VERSION_STATES, accountReader } from "@/lib/asc/read";
import { AscSimulator } from "../asc-sim/server";
import { requestProblems, responseProblems } from "../asc-sim/spec";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { moveVersion } from "../asc-sim/version-states";

const sim = new AscSimulator({ seed: 9, sizes: { apps: 3, reviewsPerApp: 401, locales: 4 } });

simulatorForFile(sim, { record: true });

describe("full account read", () => {
  it("reads every app, localization, review and response in the theoretical minimum of requests", async () => {
    const reader = accountReader(ascClient(await simConnection(sim), { baseUrl: sim.url }));
    let apps = 0, infoLocs = 0, versionLocs = 0, reviews = 0, responses = 0;
    for await (const page of reader.apps()) {
      for (const app of page) {
        apps++;
        const m = await reader.metadata(app.id);
        infoLocs += m.appInfoLocalizations.length;
        versionLocs += m.versionLocalizations.length;
        for await (const p of reader.reviews(app.id)) {
          reviews += p.reviews.length;
          responses += p.responses.length;
        }
      }
    }
    // Each app has two app infos (live, and the next version's), each with 4 locales.
    expect({ apps, infoLocs, versionLocs, reviews, responses }).toEqual({ apps: 3, infoLocs: 24, versionLocs: 24, reviews: 1203, responses: 240 });
    // 1 page of apps + per app 2 metadata requests + ceil(401/200) = 3 pages of reviews.
    expect(sim.exchanges).toHaveLength(1 + 3 * (2 + 3));
    const problems = sim.exchanges.flatMap((e) => [...requestProblems(e.method, e.url, e.requestBody), ...responseProblems(e.method, e.url, e.status, e.responseBody)]);
    expect(problems).toEqual([]);
  });

  it("reads versions by appVersionState in every state but replaced, and app infos with their state", async () => {
    const reader = accountReader(ascClient(await simConnection(sim), { baseUrl: sim.url }));
    const app = sim.state.apps[0];
    for (const state of VERSION_STATES) {
      if (state === "READY_FOR_DISTRIBUTION") continue;
      moveVersion(sim.state, `${app.id}-v2`, state);
      const m = await reader.metadata(app.id);
      expect(m.versions.map((v) => [v.id, v.attributes?.appVersionState]), state).toEqual([[`${app.id}-v1`, "READY_FOR_DISTRIBUTION"], [`${app.id}-v2`, state]]);
      expect(m.appInfos.map((i) => i.attributes?.state)).toContain("READY_FOR_DISTRIBUTION");
    }
    const url = new URL(sim.exchanges.filter((e) => e.url.includes("/appStoreVersions")).at(-1)!.url);
    expect(url.searchParams.get("filter[appVersionState]")?.split(",").sort()).toEqual([...VERSION_STATES].sort());
    expect(url.searchParams.has("filter[appStoreState]")).toBe(false);
    // Released: the old version is replaced and no longer read.
    moveVersion(sim.state, `${app.id}-v2`, "READY_FOR_DISTRIBUTION");
    expect((await reader.metadata(app.id)).versions.map((v) => v.id)).toEqual([`${app.id}-v2`]);
  });
});
