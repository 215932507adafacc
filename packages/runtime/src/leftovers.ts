import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { deleteContainerSync, listContainers } from "./sandbox/runsc.js";

/** Names of everything an instance creates: `roma-<pid>-<random>`. */
export const INSTANCE_PREFIX = "roma-";
const NAME = /^roma-(\d+)-[A-Za-z0-9]+$/;

function ownerIsGone(name: string): boolean {
  const pid = Number(NAME.exec(name)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes what an earlier process that died without closing its services left: temp
 * dirs and runsc containers whose owning pid no longer exists. Live owners' are kept.
 */
export function sweepLeftovers(tempParent: string, runsc: string | undefined): void {
  let names: string[] = [];
  try {
    names = readdirSync(tempParent);
  } catch {}
  for (const name of names) {
    if (NAME.test(name) && ownerIsGone(name)) {
      rmSync(join(tempParent, name), { recursive: true, force: true });
    }
  }
  if (!runsc) return;
  for (const id of listContainers(runsc)) {
    if (NAME.test(id) && ownerIsGone(id)) deleteContainerSync(runsc, id);
  }
}
