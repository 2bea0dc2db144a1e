// GET / PUT /api/demo/recipient: the signed-in visitor's recipient profile (401 when signed out).
import { demoServer } from '@ingo-embed/demo-kit/server';

export default defineEventHandler((event) =>
  demoServer().recipient(toWebRequest(event), event.context.visitor),
);
