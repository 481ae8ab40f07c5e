// Start-up and the table of screens. Adding a screen is one `router.register(...)` line:
//   router.register("/dossier/:licence", dossier, { nav: "nav.dossier", roles: ["admin", "analyst"] });
// Only registered screens with a `nav` key appear in the navigation.
import { applyLanguage } from "./i18n/index.js";
import { createShell } from "./shell.js";
import { createRouter } from "./router.js";
import { health, logout, me } from "./api.js";
import { currentToken, endSession, updateUser } from "./session.js";
import login from "./views/login.js";
import overview from "./views/overview.js";
import findingsView from "./views/findings.js";
import warningsView from "./views/warnings.js";
import warningDetail from "./views/warning-detail.js";
import casesView from "./views/cases.js";
import caseDetail from "./views/case-detail.js";
import casePrint from "./views/case-print.js";
import mapView from "./views/map.js";
import fieldView from "./views/field.js";
import tipsView from "./views/tips.js";
import tipDetail from "./views/tip-detail.js";
import tipView from "./views/tip.js";
import tipFollow from "./views/tip-follow.js";
import dossierView from "./views/dossier.js";
import listsView from "./views/lists.js";
import searchView from "./views/search.js";
import adminUsers from "./views/admin-users.js";
import adminAudit from "./views/admin-audit.js";
import unmaskView from "./views/unmask.js";
import graphView from "./views/graph.js";
import importsView from "./views/imports.js";
import vehicleView from "./views/vehicle.js";
import notFound from "./views/not-found.js";

applyLanguage();

const root = document.getElementById("app");
const shell = createShell({ root, onLogout: signOut });
const router = createRouter({ shell, home: "/overview", login: "/login", notFound });

router.register("/login", login, { public: true, guestOnly: true });
// The public tip-off pages need no account (anyone may report, and follow a report by its receipt).
router.register("/tip", tipView, { public: true });
router.register("/tip/follow", tipFollow, { public: true });
router.register("/overview", overview, { nav: "nav.overview" });
const readers = ["admin", "analyst", "investigator", "liaison"];
router.register("/findings", findingsView, { nav: "nav.findings", roles: readers });
router.register("/findings/:kind", findingsView, { roles: readers });
router.register("/map", mapView, { nav: "nav.map", roles: readers });
router.register("/field", fieldView, { nav: "nav.field", roles: ["admin", "analyst", "investigator"] });
router.register("/warnings", warningsView, { nav: "nav.warnings", roles: readers });
router.register("/warnings/:id", warningDetail, { roles: readers });
router.register("/cases", casesView, { nav: "nav.cases", roles: readers });
router.register("/cases/:no", caseDetail, { roles: readers });
router.register("/cases/:no/print/:doc", casePrint, { roles: readers });
router.register("/tips", tipsView, { nav: "nav.tips", roles: readers });
router.register("/tips/:id", tipDetail, { roles: readers });
router.register("/lists", listsView, { nav: "nav.lists", roles: readers });
router.register("/retailers/:licence", dossierView, { roles: readers });
router.register("/search", searchView, { roles: readers });
router.register("/graph", graphView, { nav: "nav.graph", roles: readers });
router.register("/vehicles/:plate", vehicleView, { roles: readers });
router.register("/imports", importsView, { nav: "nav.imports", roles: ["admin", "analyst"] });
router.register("/admin/users", adminUsers, { nav: "nav.users", roles: ["admin"] });
router.register("/admin/audit", adminAudit, { nav: "nav.audit", roles: ["admin", "auditor"] });
router.register("/unmask", unmaskView, { roles: ["admin", "analyst", "investigator"] });

async function signOut() {
  try {
    await logout();
  } catch {
    // the session ends here whatever the server says
  }
  endSession("session.logged_out");
  router.navigate("/login");
}

router.start();
health().then((answer) => shell.setHealth(answer), () => shell.setHealth(null));
if (currentToken()) {
  me().then((user) => {
    updateUser(user);
    shell.refresh();
  }, () => {
    // a 401 has already sent us to the login screen; other failures keep the stored user
  });
}
