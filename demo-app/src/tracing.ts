import type { Lens } from "@convex-lens/sdk";
import { setupTracing, type TracingSetup } from "@convex-lens/sdk/web";
import type { AppConfig } from "./appConfig.js";

/**
 * Registers the page's OpenTelemetry tracer provider, the way the SDK README recommends for an app
 * that has none: spans feed the DevTools panel and, when `VITE_OTLP_URL` is set, go to that OTLP
 * endpoint too (an OpenTelemetry Collector, Jaeger, Tempo, Honeycomb…). An endpoint that is down
 * costs the app nothing: spans are dropped and the failure is logged once through the lens.
 */
export function startTracing(config: AppConfig, lens: Lens): TracingSetup {
  return setupTracing({
    serviceName: "convex-lens-demo",
    serviceVersion: "0.1.0",
    // On in production builds too: the demo is served built in its browser tests.
    devtools: true,
    lens,
    ...(config.otlpUrl ? { otlp: { url: config.otlpUrl } } : {}),
  });
}
