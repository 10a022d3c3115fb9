// Thin fetch wrapper for the guanai JSON API (/api/v1/...).
// Every failure throws an ApiError carrying the HTTP status, the API's error code and its
// message (Chinese-first, from {"error":{"code","message","field"}}).

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network_error', field = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export async function request(method, path, body) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(path, init)
  } catch (e) {
    throw new ApiError(`网络错误 (network error): ${e.message}`)
  }
  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = data && data.error
    throw new ApiError((err && err.message) || `HTTP ${res.status}`, {
      status: res.status,
      code: (err && err.code) || 'http_error',
      field: (err && err.field) || null,
    })
  }
  if (data === null && text) {
    throw new ApiError('响应不是有效的JSON (invalid JSON response)', { status: res.status, code: 'bad_response' })
  }
  return data
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
}

// --- regions (行政区划) ---

/** Top-level divisions when parent is empty, else the children of parent. */
export function listRegions(parent) {
  const q = parent ? `?parent=${encodeURIComponent(parent)}` : ''
  return api.get(`/api/v1/regions${q}`)
}

/** One division plus its ancestors in `path`. */
export function getRegion(code) {
  return api.get(`/api/v1/regions/${encodeURIComponent(code)}`)
}

/** Resolve up to 500 codes: {items, missing}. */
export function lookupRegions(codes) {
  return api.post('/api/v1/regions/lookup', { codes })
}
