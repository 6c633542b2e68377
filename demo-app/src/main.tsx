import { LensProvider } from "@convex-lens/sdk/react";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isLocalUrl, readAppConfig } from "./appConfig.js";
import { createDemoLens, type DemoLens } from "./demoLens.js";
import { App } from "./shell/App.js";
import { NoDeployment } from "./shell/NoDeployment.js";
import { ToastProvider } from "./toasts/ToastProvider.js";
import { startTracing } from "./tracing.js";
import "./styles.css";

declare global {
  interface Window {
    /** The demo's lens and client, for poking at from the browser console (and the e2e tests). */
    convexLensDemo?: { readonly lens: DemoLens; readonly convex: ConvexReactClient };
  }
}

const config = readAppConfig(import.meta.env);
const root = createRoot(document.getElementById("root") as HTMLElement);

if (config.convexUrl === null) {
  root.render(<NoDeployment />);
} else {
  // The embedding, in the order the SDK README gives: a lens, tracing that knows it, and the
  // official client instrumented in place. Everything after this is plain `convex/react`.
  const lens = createDemoLens();
  startTracing(config, lens);
  const convex = lens.instrument(
    new ConvexReactClient(config.convexUrl, {
      // The local backend lives on 127.0.0.1, which Convex's *.convex.cloud URL check refuses.
      skipConvexDeploymentUrlCheck: isLocalUrl(config.convexUrl),
      // The client's own output (reconnects, server log lines) goes through the lens's logger.
      logger: lens.convexLogger(),
    }),
  );
  // Unhandled rejections and errors are classified and logged, never swallowed.
  lens.installGlobalHandlers();
  window.convexLensDemo = { lens, convex };

  root.render(
    <StrictMode>
      <ConvexProvider client={convex}>
        <LensProvider lens={lens}>
          <ToastProvider>
            <App config={config} />
          </ToastProvider>
        </LensProvider>
      </ConvexProvider>
    </StrictMode>,
  );
}
