/**
 * What scripts/build-agent.ts bakes into a packaged agent (the .deb, the Windows package, the
 * single-file executable) through esbuild's `define`. Undefined when the agent runs from the
 * sources (`npm run agent`), which then reads signing-agent/package.json and the checkout's
 * storage/data/demo-pki.
 */
export interface AgentBuild {
  version: string;
  /** How the officer starts it, for --help: `patravali-signing-agent`. */
  command: string;
}

declare const PATRAVALI_AGENT_BUILD: AgentBuild | undefined;

export const BUILD: AgentBuild | undefined = typeof PATRAVALI_AGENT_BUILD === 'undefined' ? undefined : PATRAVALI_AGENT_BUILD;
