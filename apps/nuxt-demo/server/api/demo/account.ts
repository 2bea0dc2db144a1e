// GET / POST /api/demo/account: the account (token) TOKEN_SUCCESS gave the visitor.
import { demoServer } from '@ingo-embed/demo-kit/server';

export default defineEventHandler((event) =>
  demoServer().account(toWebRequest(event), event.context.visitor),
);
