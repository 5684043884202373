/**
 * The module layering of ../shared/CONVENTIONS.md ("Module layering"), enforced in CI by
 * `npm run depcheck` (part of `npm test`). From the bottom:
 *
 *   shared      backend/src/{shared,config,infra}          knows nothing above it
 *   platform    http, realtime, jobs (not the registry), modules/{audit,health}
 *   org → gazetteer → auth → applicants → services → movement (the items core: knows no kind) → dak → files → applications → pendency, search → signing → passes → checkpoints
 *   root        main, system, app, routes, cli, db, jobs/registry: wires everything
 *
 * A module is imported only through its index.ts (by other modules and by the root alike), and no two
 * files may import each other in a circle.
 */
const layers = [
  ['shared', '^backend/src/(shared|config|infra)/'],
  ['platform', '^backend/src/(http|realtime)/|^backend/src/jobs/(?!registry)|^backend/src/modules/(audit|health)/'],
  ['org', '^backend/src/modules/org/'],
  ['gazetteer', '^backend/src/modules/gazetteer/'],
  ['auth', '^backend/src/modules/auth/'],
  ['applicants', '^backend/src/modules/applicants/'],
  ['services', '^backend/src/modules/services/'],
  ['movement', '^backend/src/modules/movement/'],
  ['dak', '^backend/src/modules/dak/'],
  ['files', '^backend/src/modules/files/'],
  ['applications', '^backend/src/modules/applications/'],
  ['pendency', '^backend/src/modules/pendency/'],
  ['search', '^backend/src/modules/search/'],
  ['signing', '^backend/src/modules/signing/'],
  ['passes', '^backend/src/modules/passes/'],
  ['checkpoints', '^backend/src/modules/checkpoints/'],
];
// what each layer may not import: every layer above it (pendency and search, both read models, not each other)
const above = (i) => layers.slice(i + 1).filter(([name]) => !(layers[i][0] === 'pendency' && name === 'search'));
const layerRules = layers.slice(0, -1).map(([name, from], i) => ({
  name: `layer-${name}`,
  comment: `${name} may not depend on the layers above it (${above(i)
    .map(([n]) => n)
    .join(', ')}): move the rule down, or emit an event the higher module listens to`,
  severity: 'error',
  from: { path: from },
  to: {
    path: [
      ...above(i).map(([, p]) => p),
      '^backend/src/(main|system|app|routes)\\.ts$',
      '^backend/src/(cli|db)/',
      '^backend/src/jobs/registry',
    ],
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'read-models-apart',
      comment: 'pendency and search are read models fed by events: neither imports the other',
      severity: 'error',
      from: { path: '^backend/src/modules/(pendency|search)/' },
      to: { path: '^backend/src/modules/(pendency|search)/', pathNot: '^backend/src/modules/$1/' },
    },
    {
      name: 'module-surface',
      comment: 'another module is imported only through its index.ts (its public surface)',
      severity: 'error',
      from: { path: '^backend/src/modules/([^/]+)/' },
      to: { path: '^backend/src/modules/([^/]+)/', pathNot: ['^backend/src/modules/$1/', '^backend/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'module-surface-outside',
      comment: 'outside the modules too (composition root, db, jobs registry, cli), a module is imported only through its index.ts',
      severity: 'error',
      from: { path: '^backend/src/', pathNot: '^backend/src/modules/' },
      to: { path: '^backend/src/modules/', pathNot: '^backend/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'files that import each other in a circle',
      severity: 'error',
      from: { path: '^(backend|storage|signing-agent|frontend)/src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-app-uses-agent-contract-only',
      comment: "the web app takes the signing agent's contract, nothing else of it",
      severity: 'error',
      from: { path: '^frontend/src/' },
      to: { path: '^signing-agent/src/', pathNot: '^signing-agent/src/contract\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/testing/|node_modules|/dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.vue', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
