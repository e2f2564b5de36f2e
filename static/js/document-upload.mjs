// Several documents at once on a version's documents page, one request per file.
//
// The MoJ multi-file upload component (MoJ Frontend) gives the drop zone,
// the "Choose files" button and the list of files with how each one went.
// This subclass changes how files are sent:
//
// - one after another, not all at once: each file's answer comes back in
//   the order chosen, and a person's uploads take one server worker at a
//   time rather than one each;
// - to the page's own form action, with the form's CSRF token and the kind
//   of document chosen in its radios, asking for JSON: the view answers in
//   the component's format, with the same checks and messages as the page;
// - a file over the size limit is refused here, with the server's message,
//   before a byte of it is sent (the server would refuse it anyway).
//
// Names and messages go into the page as text, never as HTML. When the last
// file has been answered, the table of the version's documents is fetched
// again so that it lists what was added.
//
// Markup: templates/submissions/documents.html (built by DocumentUploadForm).
import { MultiFileUpload } from '../build/js/moj-frontend.min.js'

const COULD_NOT_UPLOAD = 'The selected file could not be uploaded – try again'
const DOCUMENTS_TABLE = '#app-documents'

export class DocumentUpload extends MultiFileUpload {
  static moduleName = 'app-document-upload'

  /**
   * @param {HTMLElement} $root - the element with data-module="app-document-upload"
   */
  constructor ($root) {
    super($root)
    if (!this.$fileInput) {
      return // MultiFileUpload found the browser or the markup lacking: the plain form stays
    }
    this.$form = $root.closest('form')
    this.maxBytes = Number($root.dataset.maxBytes)
    this.tooLarge = JSON.parse($root.dataset.tooLarge || '{}')
    this.queue = []
    this.sending = false
    this.$fileInput.multiple = true
  }

  /**
   * @param {FileList | File[]} files
   */
  uploadFiles (files) {
    // The kind checked when the files were chosen, even if another is checked while they go.
    const checked = this.$form.querySelector('input[name="kind"]:checked')
    const kind = checked ? checked.value : ''
    this.queue.push(...Array.from(files, (file) => ({ file, kind })))
    if (!this.sending) {
      this.sendNext()
    }
  }

  sendNext () {
    const next = this.queue.shift()
    this.sending = next !== undefined
    if (this.sending) {
      this.uploadFile(next.file, next.kind)
    } else {
      this.refreshDocuments()
    }
  }

  /**
   * @param {File} file
   * @param {string} kind - the value of the kind radio, or '' if none was checked
   */
  uploadFile (file, kind) {
    const row = this.addRow(file)
    if (file.size > this.maxBytes) {
      this.showError(row, this.tooLarge[kind] || this.tooLarge[''])
      this.sendNext()
      return
    }
    const data = new FormData()
    data.append('csrfmiddlewaretoken', this.$form.querySelector('input[name="csrfmiddlewaretoken"]').value)
    if (kind) {
      data.append('kind', kind)
    }
    data.append('file', file)

    const xhr = new XMLHttpRequest()
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        row.progress.textContent = ` ${Math.round((event.loaded / event.total) * 100)}%`
      }
    })
    xhr.addEventListener('load', () => {
      const answer = xhr.response
      if (xhr.status >= 200 && xhr.status < 300 && answer && answer.success) {
        row.message.innerHTML = this.getSuccessHtml({ messageHtml: escapeHtml(answer.success.messageText) })
        this.$status.textContent = answer.success.messageText
      } else {
        this.showError(row, answer && answer.error ? answer.error.message : COULD_NOT_UPLOAD)
      }
      this.sendNext()
    })
    xhr.addEventListener('error', () => {
      this.showError(row, COULD_NOT_UPLOAD)
      this.sendNext()
    })
    xhr.open('POST', this.$form.action)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.responseType = 'json'
    xhr.send(data)
  }

  /**
   * The component's row for a file, built with textContent: a file's name is not HTML.
   *
   * @param {File} file
   */
  addRow (file) {
    const $row = document.createElement('div')
    $row.className = 'govuk-summary-list__row moj-multi-file-upload__row'
    const $message = document.createElement('div')
    $message.className = 'govuk-summary-list__value moj-multi-file-upload__message'
    const $name = document.createElement('span')
    $name.className = 'moj-multi-file-upload__filename'
    $name.textContent = file.name
    const $progress = document.createElement('span')
    $progress.className = 'moj-multi-file-upload__progress'
    $progress.textContent = ' 0%'
    $message.append($name, $progress)
    $row.append($message)
    this.$feedbackContainer.querySelector('.moj-multi-file-upload__list').append($row)
    return { message: $message, progress: $progress }
  }

  showError (row, message) {
    row.message.innerHTML = this.getErrorHtml({ message: escapeHtml(message) })
    this.$status.textContent = message
  }

  async refreshDocuments () {
    const $table = document.querySelector(DOCUMENTS_TABLE)
    if (!$table) {
      return
    }
    try {
      const response = await window.fetch(window.location.href, {
        credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' }
      })
      if (!response.ok) {
        return
      }
      const page = new window.DOMParser().parseFromString(await response.text(), 'text/html')
      const $fresh = page.querySelector(DOCUMENTS_TABLE)
      if ($fresh) {
        $table.replaceChildren(...$fresh.childNodes)
      }
    } catch {
      // The table stays as it was; reloading the page shows the documents.
    }
  }
}

function escapeHtml (text) {
  const $span = document.createElement('span')
  $span.textContent = text
  return $span.innerHTML
}
