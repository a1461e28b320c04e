// esbuild bundles imported CSS into the page's stylesheet; the import has no value.
declare module '*.css';
