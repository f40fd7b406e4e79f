// Central re-exports so agent files don’t need to reach deep into the SDK path

export { tool } from '@openai/agents/realtime';
export type { RealtimeAgent, FunctionTool } from '@openai/agents/realtime';

