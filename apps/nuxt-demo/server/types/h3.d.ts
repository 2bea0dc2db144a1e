// What server/middleware/visitor.ts puts on every request's context.
declare module 'h3' {
  interface H3EventContext {
    /** The signed-in visitor's id (the demo's stand-in for your user id); undefined when signed out. */
    visitor?: string;
  }
}

export {};
