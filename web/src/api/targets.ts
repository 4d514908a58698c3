// The tenant's reduction targets (absolute contraction) and each one's progress.
import { request } from "./client";
import type { GwpSet, Target, TargetProgress, TargetRequest } from "./types";

export async function listTargets(): Promise<readonly Target[]> {
  return (await request<{ targets: readonly Target[] }>("GET", "/targets")).targets;
}

export function createTarget(target: TargetRequest): Promise<Target> {
  return request<Target>("POST", "/targets", { body: target });
}

export function deleteTarget(targetId: string): Promise<void> {
  return request<void>("DELETE", `/targets/${encodeURIComponent(targetId)}`);
}

export function targetProgress(targetId: string, gwp: GwpSet): Promise<TargetProgress> {
  return request<TargetProgress>("GET", `/targets/${encodeURIComponent(targetId)}/progress`, {
    query: { gwp },
  });
}
