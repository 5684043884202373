/**
 * `npm run cluster`: starts the one-machine cluster (scripts/cluster/cluster.ts), prints its addresses
 * and runs until Ctrl-C or SIGTERM; then — and when starting fails — stops everything it started.
 * `--keep` keeps the folder (data and logs) afterwards.
 */
import { startCluster, type Cluster } from './cluster.js';

const keep = process.argv.includes('--keep');
const say = (line: string) => console.log(`  ${line}`);
let cluster: Cluster | null = null;
let stopping = false;
const stop = async (why: string, code: number) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n  ${why}: stopping the cluster…`);
  await cluster?.stop().catch((err: Error) => console.error(`  while stopping: ${err.message}`));
  process.exit(code);
};
process.on('SIGINT', () => void stop('Ctrl-C', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));

console.log('\n  Starting a Patravali cluster on this machine (PostgreSQL, S3 storage, 2 API nodes, 2 workers, nginx)…');
try {
  cluster = await startCluster({ keep, say });
} catch (err) {
  console.error(`\n  The cluster could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
const c = cluster;
console.log(`
  Patravali cluster is running
    Open            ${c.url}   (nginx → api1, api2; demo logins as in README, password "patravali-demo")
    Readiness       ${c.url}/api/health      Liveness ${c.url}/api/health/live
    API nodes       ${c.apis.map((a) => a.url).join('   ')}
    Workers         worker1, worker2 (metrics: Authorization: Bearer ${c.metricsToken})
    PostgreSQL      ${c.postgres.ownerUrl.replace(/:[^:@/]+@/, ':…@')} (owner), patravali_app (application)
    S3 storage      ${c.s3.endpoint}
    nginx config    ${c.nginx.configFile}
    Logs            ${c.dir}/logs/${keep ? '' : '   (removed at stop; --keep keeps them)'}
  Ctrl-C stops everything it started.
`);
// a part that dies on its own is reported (the others keep running, as they would on separate machines)
for (const s of [c.postgres, c.s3, ...c.apis, ...c.workers, c.nginx])
  s.child?.once('exit', (code, signal) => !stopping && console.log(`  ${s.name} exited (${code ?? signal}); log: ${s.logFile}`));
