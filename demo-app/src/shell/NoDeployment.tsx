/** Shown when the app was built without a Convex URL: says how to give it one. */
export function NoDeployment() {
  return (
    <main className="no-deployment card">
      <h1>No Convex deployment configured</h1>
      <p>
        Start everything offline with <code>pnpm start</code> at the repository root, or point the
        demo at a deployment:
      </p>
      <pre>
        <code>
          VITE_CONVEX_URL=https://your-deployment.convex.cloud pnpm --filter @convex-lens/demo-app
          dev
        </code>
      </pre>
      <p>
        <code>npx convex dev</code> in <code>demo-app/</code> creates a deployment and writes its
        URL to <code>.env.local</code>.
      </p>
    </main>
  );
}
