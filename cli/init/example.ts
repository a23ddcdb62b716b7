// What plain `zimmer-bench init` writes: the smallest scenario worth running against your own
// server, every key commented, so a first run needs one edit (the target) and nothing else.
export function exampleScenario(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A first scenario: edit target and the paths, then: zimmer-bench run FILE
# Every key: docs/scenarios.md. From an OpenAPI document instead: zimmer-bench init --from-openapi URL
name: my-api
# Base URL of the server to measure; \${NAME} reads the environment (or --var NAME=value).
target: http://127.0.0.1:8000
defaults:
  timeout: 10s                      # a request unanswered after this counts as a timeout
  headers: { accept: application/json }
# Sign in once per virtual user before measuring (not measured); uncomment with its request below.
# setup: [token]
requests:
  # token:                          # an OAuth2 password login (FastAPI's /token): a url-encoded form
  #   method: POST
  #   path: /token
  #   form: { grant_type: password, username: "\${ZB_USERNAME}", password: "\${ZB_PASSWORD}" }
  #   capture: { access_token: access_token }   # variable <- field of the JSON answer
  #   expect: { status: 200, fields: [access_token] }
  health:
    method: GET
    path: /health                   # path and query, starting with /
    expect: { status: 200 }         # default: any 2xx
  # item:
  #   method: GET
  #   path: /items/{{item_id}}
  #   headers: { authorization: "Bearer {{access_token}}" }
# variables: { item_id: 1 }
load:
  model: closed                     # N connections, each sending its next request on an answer
  connections: 10
  duration: 15s
  warmup: 2s                        # run, not measured
targets:                            # a miss exits 1; p95 needs a unit (ms, s)
  overall: ["p95 < 1s", "error_rate < 10%"]
  endpoints:
    "*": ["p95 < 1s"]               # every measured request
`;
}
