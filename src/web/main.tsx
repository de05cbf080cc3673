import { render } from "preact";
import { App } from "./App.tsx";
import { pruneDrafts } from "./lib/drafts.ts";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/forms.css";
import "./styles/start.css";
import "./styles/room.css";
import "./styles/record.css";
import "./styles/scorecard.css";
import "./styles/feedback.css";
import "./styles/delivery.css";
import "./styles/attempts.css";
import "./styles/history.css";
import "./styles/privacy.css";

pruneDrafts();
render(<App />, document.getElementById("app") as HTMLElement);
