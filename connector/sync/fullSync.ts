/**
 * Full synchronisation: a run is one queued `erp_syncjob` per mapping, in dependency order. Starting while a run
 * is unfinished returns that run (a second click starts nothing new). The runner claims jobs one at a time, never
 * before the jobs of the mappings they depend on are finished, and resumes an abandoned job from its cursor.
 * When a mapping's full job ends, its incremental schedule starts from the job's start.
 */
import { dependencyOrder, selectMappings, withDependencies, formatMappingProblem, type IntegrationMapping } from '../../domain/mappings';
import { SyncJobColumns as J, SyncJobKind, SyncJobState, Tables } from '../../domain/schema';
import { HttpError } from '../http/httpClient';
import { SimulatedCrash } from '../services';
import { jobId } from '../flows/syncState';
import type { Counts, SyncContext } from './context';
import { ErpRouteMissing } from './erpAccess';
import { createRun, isAbandoned, isFinished, JobLease, unfinishedJobs, type FullJob } from './jobs';
import { SyncResolver } from './resolver';
import { formatWatermark, OVERLAP_MS, runFull } from './runner';

export interface StartResult {
  run: string;
  mappings: string[];
  resumed: boolean;
}

/** The enabled mappings chosen (all when none), with what they depend on, in the order they run. */
export function planMappings(ctx: SyncContext, names?: readonly string[] | null): IntegrationMapping[] {
  const enabled = selectMappings(ctx.set);
  if (!names || !names.length) return dependencyOrder(enabled);
  const wanted = new Set(names.map((n) => n.trim().toUpperCase()));
  const unknown = [...wanted].filter((n) => !ctx.byName.has(n));
  if (unknown.length) throw new Error(`Unknown mapping(s): ${unknown.join(', ')}. Known: ${[...ctx.byName.keys()].join(', ')}.`);
  return withDependencies(enabled, [...wanted]);
}

export async function startFullSync(ctx: SyncContext, names?: readonly string[] | null): Promise<StartResult> {
  const open = await unfinishedJobs(ctx);
  if (open.length) {
    const run = open[0].run;
    return { run, mappings: open.filter((j) => j.run === run).map((j) => j.mapping), resumed: true };
  }
  const plan = planMappings(ctx, names?.length ? names : ctx.selection);
  if (!plan.length) throw new Error('No mapping is enabled: turn mappings on in the mapping file or choose some in the setup.');
  const { run } = await createRun(ctx, plan.map((m) => m.name));
  return { run, mappings: plan.map((m) => m.name), resumed: false };
}

export interface RunnerSummary {
  ran: Array<{ mapping: string; counts: Counts; state: 'succeeded' | 'completedWithErrors' | 'failed' | 'released' }>;
  /** Jobs left because another process works on them or on what they depend on. */
  waiting: string[];
}

async function setIncrementalBaseline(ctx: SyncContext, mapping: string, startedOn: string | null): Promise<void> {
  const from = new Date(Date.parse(startedOn ?? ctx.s.now().toISOString()) - OVERLAP_MS).toISOString();
  await ctx.s.dv.upsert(`${Tables.syncJob.entitySet}(${jobId(mapping)})`, {
    [J.name]: `Incremental · ${mapping}`,
    [J.mapping]: mapping,
    [J.kind]: SyncJobKind.incremental,
    [J.watermark]: formatWatermark({ erp: from, crm: from }),
  });
}

/** Runs every claimable job of unfinished runs, oldest run first. */
export async function runPendingFullSync(ctx: SyncContext, options: { stop?: () => boolean } = {}): Promise<RunnerSummary> {
  const summary: RunnerSummary = { ran: [], waiting: [] };
  const resolver = new SyncResolver(ctx);
  for (;;) {
    if (options.stop?.()) return summary;
    const jobs = await unfinishedJobs(ctx);
    if (!jobs.length) return summary;
    const run = jobs[0].run;
    const all = jobs.filter((j) => j.run === run);
    const now = ctx.s.now();
    const mappings = all.map((j) => ctx.byName.get(j.mapping)).filter((m): m is IntegrationMapping => !!m);
    const orphans = all.filter((j) => !ctx.byName.has(j.mapping));
    for (const j of orphans) {
      // A mapping removed from the file since the run started: close its job with the reason.
      const orphan = new JobLease(ctx, j);
      if (await orphan.claim()) await orphan.finish(j.counts, null, `The mapping ${j.mapping} is no longer in the mapping file; this job was stopped.`);
    }
    let next: FullJob | undefined;
    const byMapping = new Map(all.map((j) => [j.mapping, j]));
    for (const m of dependencyOrder(mappings)) {
      const job = byMapping.get(m.name)!;
      if (isFinished(job)) continue;
      if (job.state === SyncJobState.running && !isAbandoned(job, now)) break; // someone else runs it (or what follows needs it)
      const depsOpen = m.dependencies.some((d) => byMapping.has(d) && !isFinished(byMapping.get(d)!));
      if (depsOpen) break;
      next = job;
      break;
    }
    if (!next) {
      summary.waiting = all.filter((j) => !isFinished(j)).map((j) => j.mapping);
      return summary;
    }
    const mapping = ctx.byName.get(next.mapping)!;
    const lease = new JobLease(ctx, next);
    if (!(await lease.claim())) continue; // another process took it: look again
    try {
      const result = await runFull(ctx, mapping, lease, resolver);
      resolver.forget(mapping.name);
      await lease.finish(result.counts, result.errorSummary);
      await setIncrementalBaseline(ctx, mapping.name, lease.job.startedOn ?? next.startedOn);
      summary.ran.push({ mapping: mapping.name, counts: result.counts, state: result.counts.failed ? 'completedWithErrors' : 'succeeded' });
    } catch (e) {
      if (e instanceof SimulatedCrash) throw e; // tests: the process dies here, the job stays running with its cursor
      if (lease.lost) continue;
      if (e instanceof HttpError && e.errorClass === 'transient') {
        // The ERP or Dataverse is unavailable: give the job back (its cursor is kept) and stop for now.
        await lease.patchState(SyncJobState.queued, `Interrupted: ${e.message}. It resumes where it stopped.`).catch(() => undefined);
        summary.ran.push({ mapping: mapping.name, counts: next.counts, state: 'released' });
        return summary;
      }
      const message =
        e instanceof ErpRouteMissing
          ? formatMappingProblem({ code: 'REC_ROUTE_MISSING', params: { mapping: mapping.name, message: e.message }, nouns: { entity: { label: { en: { the: mapping.erp.entity, a: mapping.erp.entity }, fr: { the: mapping.erp.entity, a: mapping.erp.entity } }, form: 'the' } } }, ctx.lcid)
          : `The synchronisation of ${mapping.name} stopped: ${(e as Error).message}`;
      ctx.s.log.error('full synchronisation job failed', { mapping: mapping.name, error: (e as Error).message });
      await lease.finish(lease.job.counts, null, message);
      summary.ran.push({ mapping: mapping.name, counts: lease.job.counts, state: 'failed' });
    }
  }
}
