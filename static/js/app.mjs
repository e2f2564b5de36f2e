// Starts GOV.UK Frontend and MoJ Frontend, and the app's own small enhancements.
//
// The CSP allows no inline script, so the body classes that GOV.UK's page
// template sets inline are set here. A browser that runs this module supports
// ES modules, which is GOV.UK Frontend's test for `govuk-frontend-supported`.
import { initAll as initGovukFrontend } from '../build/js/govuk-frontend.min.js'
import { FilterToggleButton, initAll as initMojFrontend } from '../build/js/moj-frontend.min.js'
import { DocumentUpload } from './document-upload.mjs'
import { TimeoutWarning } from './timeout-warning.mjs'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initGovukFrontend()
initMojFrontend()
document.querySelectorAll(`[data-module="${DocumentUpload.moduleName}"]`).forEach(($root) => new DocumentUpload($root))
document.querySelectorAll(`[data-module="${TimeoutWarning.moduleName}"]`).forEach(($root) => new TimeoutWarning($root))

// MoJ's initAll leaves out the filter's show and hide button. Without it, a
// small screen would show the filter over the list with no way to close it.
// Shown at first on a wide screen, hidden on a small one.
document.querySelectorAll(`[data-module="${FilterToggleButton.moduleName}"]`).forEach(($root) => new FilterToggleButton($root, { startHidden: false }))

// A letter's draft is usually ready a fraction of a second after it is asked
// for: look after 100 ms, then again after a third of the time waited so far
// (so the page shows a change at most a third later than it happened), at
// least 100 ms and at most two seconds apart.
const POLL_MIN_INTERVAL_MS = 100
const POLL_WAITED_FRACTION = 1 / 3
const POLL_MAX_INTERVAL_MS = 2000
const POLL_FOR_MS = 5 * 60 * 1000

/**
 * Reloads the page when a background job changes a record's status.
 *
 * Markup: <div data-module="app-status-poller" data-status-url="..." data-current-status="...">
 * The URL must be on this site and answer JSON {"status": "..."}. Polling stops
 * after five minutes; without JavaScript the user refreshes the page themselves.
 *
 * @param {HTMLElement} element
 */
function pollStatus (element) {
  const url = element.dataset.statusUrl
  const currentStatus = element.dataset.currentStatus
  if (!url || currentStatus === undefined) {
    return
  }
  const startedAt = Date.now()
  const stopAt = startedAt + POLL_FOR_MS

  async function check () {
    try {
      const response = await window.fetch(url, {
        mode: 'same-origin',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' }
      })
      if (response.ok) {
        const { status } = await response.json()
        if (status && status !== currentStatus) {
          window.location.reload()
          return
        }
      }
    } catch {
      // A dropped connection or a non-JSON answer: try again next time.
    }
    const waited = Date.now() - startedAt
    const interval = Math.min(POLL_MAX_INTERVAL_MS, Math.max(POLL_MIN_INTERVAL_MS, waited * POLL_WAITED_FRACTION))
    if (Date.now() + interval <= stopAt) {
      window.setTimeout(check, interval)
    }
  }

  window.setTimeout(check, POLL_MIN_INTERVAL_MS)
}

document.querySelectorAll('[data-module="app-status-poller"]').forEach(pollStatus)
