-- wrk script. With REQUESTS (from requests.py: a line of what all share, then "nonce signature"
-- lines), each thread sends its own slice of the signed requests (1.0: GET, all in the query;
-- V3: POST with the x-acs-* headers and Authorization), each once, then repeats its last (a
-- replay, answered SignatureNonceUsed, which wrk counts as a non-2xx answer).
-- With METHOD, BODY (and AUTHORIZATION) instead, every request is that fixed request (moto).
-- With neither, GET /.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  nonces, signatures = {}, {}
  local file = os.getenv("REQUESTS")
  if file then
    local lines = io.lines(file)
    local first = lines()
    kind = first:sub(1, 2)
    if kind == "v1" then
      shared = first:sub(4)
    else
      -- "v3 TARGET DATE AUTHORIZATION-PREFIX"
      local a = first:find(" ", 4, true)
      local b = first:find(" ", a + 1, true)
      shared = first:sub(4, a - 1)
      date = first:sub(a + 1, b - 1)
      authorization = first:sub(b + 1)
    end
    local i = 0
    for line in lines do
      if i % nthreads == id then
        local space = line:find(" ", 1, true)
        nonces[#nonces + 1] = line:sub(1, space - 1)
        signatures[#signatures + 1] = line:sub(space + 1)
      end
      i = i + 1
    end
  end
  next_request = 1
  method = os.getenv("METHOD") or "GET"
  body = os.getenv("BODY")
  headers = {}
  if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  local auth = os.getenv("AUTHORIZATION")
  if auth then headers["Authorization"] = auth end
end

function request()
  if #nonces == 0 then
    return wrk.format(method, "/", headers, body)
  end
  local n = math.min(next_request, #nonces)
  next_request = next_request + 1
  if kind == "v1" then
    return wrk.format("GET", shared .. "&SignatureNonce=" .. nonces[n] .. "&Signature=" .. signatures[n])
  end
  return wrk.format("POST", shared, {
    ["x-acs-action"] = "SetInstancesProtection",
    ["x-acs-version"] = "2022-02-22",
    ["x-acs-date"] = date,
    ["x-acs-signature-nonce"] = nonces[n],
    ["x-acs-content-sha256"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ["Authorization"] = authorization .. signatures[n],
  })
end
