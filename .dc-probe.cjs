module.exports = {
  forbidden: [
    { name: 'no-folder-cycle', severity: 'error', scope: 'folder', from: {}, to: { circular: true } },
    { name: 'no-module-cycle', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|\\.test\\.tsx?$|/test/)' },
    tsPreCompilationDeps: true,

    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    metrics: true,
    extraExtensionsToScan: ['.ts', '.tsx'],
  },
};
