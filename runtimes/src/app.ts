/**
 * The customer's side, as one would deploy it on any runtime: a session endpoint made from the
 * `INGO_*` variables (process.env on Node, bindings on Workers), whose signed-in user comes from
 * the server's own records. Here "signed in" is a stand-in header naming a user of a fixed table.
 * Used by the scenarios inside every runtime, by the workerd instance and by the Node instance of
 * the stateless test: the two instances share nothing but these variables.
 */
import {
  createSessionHandler,
  type EnvSource,
  ingoClientFromEnv,
  type Recipient,
  readIngoEnv,
  type SessionHandler,
} from '@ingo-embed/server';

/** Where every instance serves the session endpoint. */
export const SESSION_PATH = '/api/ingo/session';

/** The stand-in for a session cookie: which user of {@link USERS} is signed in. */
export const USER_HEADER = 'x-conformance-user';

/** The server's own records: the recipient never comes from the browser. */
export const USERS: Readonly<Record<string, { subject: string; recipient: Recipient }>> = {
  alice: {
    subject: 'user-alice',
    recipient: {
      firstName: 'Alice',
      lastName: 'Anders',
      addressLine1: '1 First St',
      city: 'Anytown',
      state: 'GA',
      zipCode: '30301',
      emailAddress: 'alice@example.com',
    },
  },
  bob: {
    subject: 'user-bob',
    recipient: {
      firstName: 'Bob',
      lastName: 'Baker',
      addressLine1: '2 Second Ave',
      city: 'Springfield',
      state: 'IL',
      zipCode: '62701',
      emailAddress: 'bob@example.com',
    },
  },
  // The webhook scenarios' user: an opaque id as the subject, sealed into participant_unique_id1.
  carol: {
    subject: 'user-42',
    recipient: {
      firstName: 'Carol',
      lastName: 'Castro',
      addressLine1: '4 Fourth Rd',
      city: 'Austin',
      state: 'TX',
      zipCode: '73301',
      emailAddress: 'carol@example.com',
    },
  },
};

/** The session endpoint from the environment alone: nothing else is shared between instances. */
export function sessionHandlerFromEnv(env: EnvSource): SessionHandler {
  const { sdkUrl } = readIngoEnv(env);
  return createSessionHandler({
    client: ingoClientFromEnv(env),
    ...(sdkUrl === undefined ? {} : { sdkUrl }),
    resolveSession: (request) => USERS[request.headers.get(USER_HEADER) ?? ''] ?? null,
    onError: () => {
      // The scenarios look at the answers; a logged stack would only clutter the output.
    },
  });
}
