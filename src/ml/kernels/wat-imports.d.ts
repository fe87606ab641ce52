// scripts/vite-wat-plugin.mjs (Vite builds, vitest) and scripts/wat-register.mjs (tsx) turn
// `import bytes from './module.wat?bytes'` into the compiled WebAssembly module.
declare module '*.wat?bytes' {
  const bytes: Uint8Array;
  export default bytes;
}
