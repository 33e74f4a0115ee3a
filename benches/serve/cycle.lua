-- wrk script. With REQUESTS (from requests.py: a shared query, then "nonce signature" lines),
-- each thread sends its own slice of the signed requests, each once, then repeats its last
-- (a replay, answered SignatureNonceUsed, which wrk counts as a non-2xx answer).
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
    shared = lines()
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
  local target = "/"
  if #nonces > 0 then
    local n = math.min(next_request, #nonces)
    next_request = next_request + 1
    target = shared .. "&SignatureNonce=" .. nonces[n] .. "&Signature=" .. signatures[n]
  end
  return wrk.format(method, target, headers, body)
end
