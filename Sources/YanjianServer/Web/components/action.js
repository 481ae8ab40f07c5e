// Running one state-changing API call from a screen: show "busy", call, forget the loaded data and
// redraw the screen, then say it is done — or show the server's (localised) refusal.
import { t } from "../i18n/index.js";
import { errorText } from "../api.js";

/** Returns act(call, doneKey) for a screen's render context. */
export function actionRunner({ state, status, rerender }) {
  return async (call, doneKey) => {
    try {
      status.show(() => t("status.loading"), "busy");
      await call();
      state.data = null;
      await rerender();
      status.show(() => t(doneKey), "success");
    } catch (error) {
      status.show(() => errorText(error), "error");
    }
  };
}
