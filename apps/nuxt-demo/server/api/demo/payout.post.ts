// POST /api/demo/payout with { action, requestId }: moves money with the visitor's account.
import { demoServer } from '@ingo-embed/demo-kit/server';

export default defineEventHandler((event) =>
  demoServer().payout(toWebRequest(event), event.context.visitor),
);
