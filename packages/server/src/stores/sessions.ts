export interface NewAgentSession {
  agentId?: string | undefined;
  agentName?: string | undefined;
  sdkVersion?: string | undefined;
  page?: string | undefined;
}

export interface AgentSession {
  id: string;
  tenantId: string;
  agentId: string | null;
  agentName: string | null;
  sdkVersion: string | null;
  page: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** The ribbon sessions agents open with `POST /api/ribbon/init`. */
export interface SessionStore {
  open(tenantId: string, input: NewAgentSession, now: Date): Promise<AgentSession>;
  get(tenantId: string, id: string): Promise<AgentSession | undefined>;
  /** The newest sessions first. */
  recent(tenantId: string, limit?: number): Promise<AgentSession[]>;
}
