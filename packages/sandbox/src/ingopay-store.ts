/**
 * IngoPay state: the customer_account_tokens the sandbox issued (with their destination) and the
 * push/pull transactions, keyed for idempotency by (participant_id, push|pull,
 * participant_unique_id1). Only successful or in-flight transactions are stored (INGOPAY §9
 * rows 5–8); there is at most one transaction per key. Time comes from the injected clock.
 */
import { randomUUID } from 'node:crypto';
import type { IngoPayAccountType, IngoPayKind } from './ingopay-request.js';
import { DESTINATION_VALUES, type FundingDestination } from './protocol.js';

/** An EAC funding destination, or `check` (sandbox extra: only POST /__sandbox/tokens mints it). */
export type TokenDestination = FundingDestination | 'check';

export const TOKEN_DESTINATIONS: readonly TokenDestination[] = [...DESTINATION_VALUES, 'check'];

export function isTokenDestination(value: unknown): value is TokenDestination {
  return typeof value === 'string' && (TOKEN_DESTINATIONS as readonly string[]).includes(value);
}

/** Which account types a token of each destination may be used with, per operation. */
export const ACCOUNT_TYPES_BY_DESTINATION: Readonly<
  Record<
    TokenDestination,
    { push: readonly IngoPayAccountType[]; pull: readonly IngoPayAccountType[] }
  >
> = {
  debit: { push: ['CA'], pull: ['CA'] },
  credit: { push: ['CA'], pull: ['CA'] },
  ach: { push: ['AC', 'SD', 'RT'], pull: ['AC', 'SD'] },
  billpay: { push: ['BP'], pull: [] },
  paypal: { push: ['PD', 'PU', 'VE'], pull: [] },
  check: { push: ['CK'], pull: [] },
};

export interface IssuedToken {
  customer_account_token: string;
  destination: TokenDestination;
  /** `hosted_page` (TOKEN_SUCCESS) or `control` (POST /__sandbox/tokens). */
  source: 'hosted_page' | 'control';
  session_identifier: string | null;
  created_at: string;
}

export type TransactionState = 'in_flight' | 'completed';

export interface TransactionLogEntry {
  at: string;
  what: string;
  [detail: string]: unknown;
}

export interface Transaction {
  /** Push ids are answered as integers, pull ids as strings; stored as a number. */
  id: number;
  kind: IngoPayKind;
  state: TransactionState;
  /** The code the original request was (or, in flight, will be) answered with: 100 or 102. */
  status: number;
  participantId: string;
  participantUniqueId1: string;
  participantUniqueId2?: string;
  accountType: IngoPayAccountType;
  amountCents: number;
  customerAccountToken: string;
  createdAtMs: number;
  /** Canonical body without its timestamp; a replay with another body gets a warning. */
  fingerprint: string;
  flat: Record<string, string>;
  /** What a success answers: push `data` or pull `transaction`; replays answer it again. */
  answer: Record<string, unknown>;
  log: TransactionLogEntry[];
}

/** Ingo's own example ids: push `2361537`, pull `"1237775"`. */
export const FIRST_PUSH_TRANSACTION_ID = 2_361_537;
export const FIRST_PULL_TRANSACTION_ID = 1_237_775;
/** Ingo's example `check_number` is `"100042"`. */
export const FIRST_CHECK_NUMBER = 100_042;

export class IngoPayStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly transactions: Transaction[] = [];
  private readonly byKey = new Map<string, Transaction>();
  private nextId = { push: FIRST_PUSH_TRANSACTION_ID, pull: FIRST_PULL_TRANSACTION_ID };
  private checkNumber = FIRST_CHECK_NUMBER;

  constructor(private readonly now: () => number) {}

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  reset(): void {
    this.tokens.clear();
    this.transactions.length = 0;
    this.byKey.clear();
    this.nextId = { push: FIRST_PUSH_TRANSACTION_ID, pull: FIRST_PULL_TRANSACTION_ID };
    this.checkNumber = FIRST_CHECK_NUMBER;
  }

  nextCheckNumber(): string {
    return String(this.checkNumber++);
  }

  /** Records a token the hosted page issued, or mints a new one (`token` omitted). */
  registerToken(
    destination: TokenDestination,
    source: IssuedToken['source'],
    options: { token?: string; sessionId?: string } = {},
  ): IssuedToken {
    const issued: IssuedToken = {
      customer_account_token: options.token ?? randomUUID(),
      destination,
      source,
      session_identifier: options.sessionId ?? null,
      created_at: this.iso(),
    };
    this.tokens.set(issued.customer_account_token, issued);
    return issued;
  }

  token(value: string): IssuedToken | undefined {
    return this.tokens.get(value);
  }

  listTokens(): IssuedToken[] {
    return [...this.tokens.values()].map((t) => ({ ...t }));
  }

  private key(participantId: string, kind: IngoPayKind, id1: string): string {
    return JSON.stringify([participantId, kind, id1]);
  }

  find(participantId: string, kind: IngoPayKind, id1: string): Transaction | undefined {
    return this.byKey.get(this.key(participantId, kind, id1));
  }

  log(transaction: Transaction, what: string, detail: Record<string, unknown> = {}): void {
    transaction.log.push({ at: this.iso(), what, ...detail });
  }

  /** Assigns the next id of its kind; `answer` is built from that id. */
  commit(
    fields: Omit<Transaction, 'id' | 'createdAtMs' | 'log' | 'answer'>,
    answer: (id: number) => Record<string, unknown>,
  ): Transaction {
    const key = this.key(fields.participantId, fields.kind, fields.participantUniqueId1);
    if (this.byKey.has(key)) throw new Error(`a transaction already exists for ${key}`);
    const id = this.nextId[fields.kind]++;
    const transaction: Transaction = {
      ...fields,
      id,
      createdAtMs: this.now(),
      answer: answer(id),
      log: [],
    };
    this.transactions.push(transaction);
    this.byKey.set(key, transaction);
    return transaction;
  }

  complete(transaction: Transaction): void {
    transaction.state = 'completed';
  }

  list(): readonly Transaction[] {
    return this.transactions;
  }
}
