// Svelte 5 compiles `lang="ts"` itself; nothing to configure.
export default {};
