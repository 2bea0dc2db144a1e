/** The global the scenarios script defines in the edge VM (see bundle.ts `asScript`). */
export const EDGE_GLOBAL_NAME = '__ingoConformance';
