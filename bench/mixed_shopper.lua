-- A signed-in shopper's visit for wrk, request by request: browse, search, add to the
-- basket, open the basket and the checkout. bench/load.py passes the session cookie, the
-- CSRF token and the steps ("GET:/path" or "POST:/path") after "--".
local steps, cookie, token, n = {}, "", "", 0

function init(args)
    cookie, token = args[1], args[2]
    for k = 3, #args do
        local method, path = args[k]:match("^(%u+):(.*)$")
        steps[#steps + 1] = {method, path}
    end
end

function request()
    n = n % #steps + 1
    local method, path = steps[n][1], steps[n][2]
    local headers = {["Cookie"] = cookie}
    local body = nil
    if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = "quantity=1&csrfmiddlewaretoken=" .. token
    end
    return wrk.format(method, path, headers, body)
end
