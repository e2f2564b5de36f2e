// GOV.UK's "timeout warning": a dialog a little before the session ends, with
// "Stay signed in" and "Sign out" (templates/includes/timeout_warning.html).
//
// The page says, in data- attributes, how many seconds the session has left
// (data-expires-in) and how long before the end to warn (data-warning). The
// server decides when a session ends (dhrqa/sessions.py). Before warning, and
// again when the time is up, this asks it how long is left (data-status-url,
// which does not extend the session): work in another tab may have kept the
// session open. When it has ended, this asks for the page again, and the
// server sends the person to sign in, saying why, with a way back here.

const SECOND = 1000
// Ask again a little after the end, so the server's clock has certainly passed it.
const AFTER_END_MS = 1000

function plural (count, unit) {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

function timeLeftText (seconds) {
  return seconds >= 60 ? plural(Math.ceil(seconds / 60), 'minute') : plural(seconds, 'second')
}

export class TimeoutWarning {
  static moduleName = 'app-timeout-warning'

  /** @param {HTMLDialogElement} $dialog */
  constructor ($dialog) {
    if (typeof $dialog.showModal !== 'function') {
      return
    }
    this.$dialog = $dialog
    this.$countdown = $dialog.querySelector('[data-timeout-countdown]')
    this.$live = $dialog.querySelector('[data-timeout-live]')
    this.$extend = $dialog.querySelector('[data-timeout-extend]')
    this.warningMs = Number($dialog.dataset.warning) * SECOND
    this.statusUrl = $dialog.dataset.statusUrl
    this.$extend.addEventListener('submit', (event) => this.staySignedIn(event))
    // Escape closes a dialog: here it means "Stay signed in", as in HMRC's pattern.
    $dialog.addEventListener('cancel', (event) => this.staySignedIn(event))
    this.schedule(Number($dialog.dataset.expiresIn))
  }

  schedule (expiresInSeconds) {
    window.clearTimeout(this.warnTimer)
    window.clearInterval(this.tickTimer)
    this.endsAt = Date.now() + expiresInSeconds * SECOND
    this.warnTimer = window.setTimeout(() => this.warn(), Math.max(0, this.endsAt - this.warningMs - Date.now()))
  }

  /** Seconds the session has left, as the server sees it; null once it has ended (or cannot be asked). */
  async secondsLeft () {
    try {
      const response = await window.fetch(this.statusUrl, {
        mode: 'same-origin', credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' }
      })
      const { expires_in: expiresIn } = await response.json()
      return expiresIn
    } catch {
      // An ended session is answered with the sign-in page, not JSON.
      return null
    }
  }

  async warn () {
    const left = await this.secondsLeft()
    if (left === null) {
      this.reload()
      return
    }
    if (left * SECOND > this.warningMs + SECOND) {
      // Kept open from another tab: warn later.
      this.schedule(left)
      return
    }
    this.endsAt = Date.now() + left * SECOND
    this.lastSpoken = null
    this.update()
    this.$dialog.showModal()
    // Focus the dialog itself, so a screen reader announces its title and text.
    this.$dialog.focus()
    this.tickTimer = window.setInterval(() => this.update(), SECOND)
  }

  update () {
    const left = Math.ceil((this.endsAt - Date.now()) / SECOND)
    if (left <= 0) {
      window.clearInterval(this.tickTimer)
      window.setTimeout(() => this.atEnd(), AFTER_END_MS)
      return
    }
    const text = timeLeftText(left)
    this.$countdown.textContent = text
    // Announce the time left when the minute changes, then every 15 seconds of the last minute.
    const spoken = left >= 60 ? text : timeLeftText(Math.ceil(left / 15) * 15)
    if (spoken !== this.lastSpoken) {
      this.lastSpoken = spoken
      this.$live.textContent = `You will be signed out in ${spoken}.`
    }
  }

  async staySignedIn (event) {
    event.preventDefault()
    try {
      const response = await window.fetch(this.$extend.action, {
        method: 'POST',
        body: new window.FormData(this.$extend),
        mode: 'same-origin',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
      const { expires_in: expiresIn } = await response.json()
      this.$dialog.close()
      this.$live.textContent = ''
      this.schedule(expiresIn)
    } catch {
      // The session has already ended (the answer was the sign-in page) or the network failed.
      this.reload()
    }
  }

  async atEnd () {
    const left = await this.secondsLeft()
    if (left) {
      // Another tab kept the session open: nothing is lost here.
      this.$dialog.close()
      this.$live.textContent = ''
      this.schedule(left)
    } else {
      this.reload()
    }
  }

  reload () {
    window.location.assign(window.location.pathname + window.location.search)
  }
}
