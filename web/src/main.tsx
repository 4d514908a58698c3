// The session's refresh goes out first (boot.ts), before the screens' modules are evaluated.
import "./boot";
import type { JSX } from "preact";
import { render } from "preact";
import { App } from "./app";
import { useLocation } from "./router";
import { StaffApp } from "./staff-app";
import { isStaffPath } from "./staff-routes";
import "./styles.css";

/** The staff console under /staff, the app everywhere else: two shells, two sessions. */
function Root(): JSX.Element {
  const { path } = useLocation();
  return isStaffPath(path) ? <StaffApp /> : <App />;
}

const root = document.getElementById("app");
if (root) render(<Root />, root);
