/**
 * The one place where authentication plugs in. Reading is open to everyone; every route that
 * writes runs `requireWriter` first. Until accounts exist it admits every caller as "anonym".
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Writer {
  /** Who is writing, recorded with what they store. */
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    writer?: Writer;
  }
}

/** preHandler for write routes: sets request.writer or answers 401/403. */
export async function requireWriter(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  request.writer = { name: 'anonym' };
}
