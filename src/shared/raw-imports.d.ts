// Vite (electron-vite's bundles and vitest) turns `import text from './file?raw'` into the file's text.
declare module '*?raw' {
  const text: string;
  export default text;
}
