// @vitest-environment happy-dom
import { join } from "node:path";
import { createLens, type Lens } from "@convex-lens/sdk";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { ConvexHttpClient } from "convex/browser";
import {
  ConvexProvider,
  ConvexReactClient,
  useMutation,
  usePaginatedQuery,
  useQuery,
} from "convex/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api } from "../../demo-app/convex/_generated/api.js";
import type { Id } from "../../demo-app/convex/_generated/dataModel.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

// The convex/react hooks go through the client instance, so an instrumented client instruments
// them: ConvexProvider, useQuery, useMutation and usePaginatedQuery keep working unchanged.
const DEMO_FUNCTIONS_DIR = join(import.meta.dirname, "../../demo-app/convex/");

let backend: SpawnedLocalBackend;
let lens: Lens;
let client: ConvexReactClient;
let boardId: Id<"boards">;
const tracing = memoryTracing();

beforeAll(async () => {
  backend = await startTestBackend({ functionsDir: DEMO_FUNCTIONS_DIR });
  const http = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  boardId = await http.mutation(api.boards.create, { name: "Hooks" });
});
afterEach(async () => {
  cleanup();
  await client?.close();
  await lens?.shutdown();
});
afterAll(async () => {
  await backend?.stop();
});

function mount(ui: React.ReactNode) {
  lens = createLens({ tracerProvider: tracing.provider });
  client = lens.instrument(
    new ConvexReactClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    }),
  );
  return render(<ConvexProvider client={client}>{ui}</ConvexProvider>);
}

function Tasks() {
  const tasks = useQuery(api.tasks.listByBoard, { boardId });
  const create = useMutation(api.tasks.create);
  return (
    <div>
      <button type="button" onClick={() => void create({ boardId, title: "Write the docs" })}>
        add
      </button>
      <ul>
        {tasks?.map((t) => (
          <li key={t._id}>{t.title}</li>
        ))}
      </ul>
      <span>{tasks === undefined ? "loading" : `${tasks.length} tasks`}</span>
    </div>
  );
}

function Feed() {
  const { results, status } = usePaginatedQuery(
    api.activity.list,
    { boardId },
    { initialNumItems: 2 },
  );
  return (
    <span>{status === "LoadingFirstPage" ? "loading feed" : `${results.length} entries`}</span>
  );
}

describe("convex/react hooks through an instrumented client", () => {
  it("useQuery and useMutation keep their reactivity and are traced", async () => {
    tracing.reset();
    mount(<Tasks />);
    await waitFor(() => expect(screen.getByText("0 tasks")).toBeTruthy());
    await act(async () => screen.getByText("add").click());
    await waitFor(() => expect(screen.getByText("Write the docs")).toBeTruthy());
    expect(screen.getByText("1 tasks")).toBeTruthy();
    expect(tracing.logical("mutation tasks:create")).toHaveLength(1);
    const [subscription] = tracing.logical("query tasks:listByBoard");
    expect(subscription?.attributes["convex.subscription"]).toBe(true);
  });

  it("usePaginatedQuery loads its first page and is traced", async () => {
    tracing.reset();
    mount(<Feed />);
    await waitFor(() => expect(screen.getByText(/entries$/).textContent).toMatch(/^[12] entries$/));
    expect(tracing.logical("query activity:list").length).toBeGreaterThanOrEqual(1);
  });
});
