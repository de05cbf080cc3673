import { useEffect, useState } from "preact/hooks";
import { api } from "./api/client.ts";
import { Layout } from "./components/Layout.tsx";
import { type AppData, AppDataContext } from "./lib/appData.ts";
import { match, onLinkClick, usePath } from "./lib/router.ts";
import { FeedbackPage } from "./pages/FeedbackPage.tsx";
import { HistoryPage } from "./pages/HistoryPage.tsx";
import { InterviewPage } from "./pages/InterviewPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { StartPage } from "./pages/StartPage.tsx";
import { YourDataPage } from "./pages/YourDataPage.tsx";

export function App() {
  const path = usePath();
  const route = match(path);
  const [data, setData] = useState<AppData>({ health: null, roles: null, capabilities: null });

  useEffect(() => {
    // Each fact is optional: a page still works (with less detail) if one of these fails.
    api.health().then(
      (health) => setData((d) => ({ ...d, health })),
      () => {},
    );
    api.roles().then(
      (r) => setData((d) => ({ ...d, roles: r.roles })),
      () => {},
    );
    api.capabilities().then(
      (capabilities) => setData((d) => ({ ...d, capabilities })),
      () => {},
    );
  }, []);

  useEffect(() => {
    document.addEventListener("click", onLinkClick);
    return () => document.removeEventListener("click", onLinkClick);
  }, []);

  let page: preact.ComponentChild;
  switch (route.page) {
    case "start":
      page = <StartPage />;
      break;
    case "interview":
      page = <InterviewPage key={route.id} id={route.id} />;
      break;
    case "feedback":
      page = <FeedbackPage key={route.id} id={route.id} />;
      break;
    case "history":
      page = <HistoryPage />;
      break;
    case "your-data":
      page = <YourDataPage />;
      break;
    default:
      page = <NotFoundPage />;
  }
  return (
    <AppDataContext.Provider value={data}>
      <Layout route={route.page}>{page}</Layout>
    </AppDataContext.Provider>
  );
}
