import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setImmediate as tick } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { buildAndPublish, STAGING_PREFIX } from "./web-build.ts";

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

function webFolder(): string {
  const root = mkdtempSync(join(tmpdir(), "web-build-"));
  made.push(root);
  return root;
}

/** Writes a file in two parts with a turn of the event loop between, as a slow build would. */
async function slowWrite(path: string, text: string) {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, "w");
  await file.write(text.slice(0, 10));
  await tick();
  await file.write(text.slice(10));
  await file.close();
}

/** A build like Vite's, of `version`: a hashed asset and the index.html naming it, written slowly. */
const fakeBuild = (version: string) => async (outDir: string) => {
  await rm(outDir, { recursive: true, force: true });
  await slowWrite(join(outDir, "assets", `app-${version}.js`), `console.log("${version}"); //end`);
  await slowWrite(join(outDir, ".vite", "manifest.json"), `{"version": "${version}"}`);
  await slowWrite(
    join(outDir, "index.html"),
    `<!doctype html><script src="/assets/app-${version}.js"></script></html>`,
  );
};

/**
 * What a server serving `dist` would find, checked at every turn of the event loop until stopped: index.html
 * whole, and the asset it names there and whole. Returns what went wrong.
 */
function watchDist(dist: string) {
  const problems: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      await tick();
      const index = await readFile(join(dist, "index.html"), "utf8").catch(() => null);
      if (index === null) problems.push("index.html missing");
      else if (!index.endsWith("</html>")) problems.push("index.html partly written");
      else {
        const asset = /src="\/assets\/([^"]+)"/.exec(index)?.[1] ?? "";
        const text = await readFile(join(dist, "assets", asset), "utf8").catch(() => null);
        if (text === null) problems.push(`${asset} missing`);
        else if (!text.endsWith("//end")) problems.push(`${asset} partly written`);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return problems;
    },
  };
}

describe("publishing a web build", () => {
  it("never leaves a server without a whole index.html and its assets, with builds running at once", async () => {
    const web = webFolder();
    const dist = join(web, "dist");
    await buildAndPublish(web, fakeBuild("0"));
    const watch = watchDist(dist);
    for (let round = 0; round < 5; round++)
      await Promise.all([
        buildAndPublish(web, fakeBuild("a")),
        buildAndPublish(web, fakeBuild("a")),
        buildAndPublish(web, fakeBuild(`b${round}`)),
      ]);
    expect(await watch.stop()).toEqual([]);
    // No staging folder is left behind; the assets of the builds published within the grace period stay.
    expect(readdirSync(web).filter((name) => name.startsWith(STAGING_PREFIX))).toEqual([]);
    expect(existsSync(join(dist, "assets", "app-0.js"))).toBe(true);
  });

  it("is needed: building straight into dist, as Vite does (emptying it first), is caught by the same watch", async () => {
    const web = webFolder();
    const dist = join(web, "dist");
    await fakeBuild("0")(dist);
    const watch = watchDist(dist);
    await Promise.all([fakeBuild("a")(dist), fakeBuild("b")(dist)]);
    expect((await watch.stop()).length).toBeGreaterThan(0);
  });

  it("removes the files of earlier builds once they are older than the grace period", async () => {
    const web = webFolder();
    const dist = join(web, "dist");
    await buildAndPublish(web, fakeBuild("old"));
    await buildAndPublish(web, fakeBuild("recent"));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dist, "assets", "app-old.js"), anHourAgo, anHourAgo);
    // A build that died in its staging folder long ago: cleared by the next build.
    const dead = join(web, `${STAGING_PREFIX}1-dead`);
    await mkdir(dead);
    utimesSync(dead, anHourAgo, anHourAgo);
    await buildAndPublish(web, fakeBuild("new"));
    expect(readdirSync(join(dist, "assets")).sort()).toEqual(["app-new.js", "app-recent.js"]);
    expect(existsSync(dead)).toBe(false);
  });
});
