-- Anonymous visitors spread over many pages, for wrk: each request asks for a page picked
-- at random from a list file (one path a line; bench/load.py writes it and passes its name
-- after "--"), and the page cache's answers (the X-Page-Cache header: hit, previous, miss)
-- are counted, so the hit rate over the whole spread is printed when wrk is done:
--     page cache: hit N previous N miss N other N
-- Each wrk thread has a Lua state of its own: its counts are globals there, which done()
-- reads through the thread objects setup() kept.
local paths, threads = {}, {}

function setup(thread)
    threads[#threads + 1] = thread
    thread:set("id", #threads)
end

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then
            paths[#paths + 1] = line
        end
    end
    math.randomseed(7919 * (id or 1) + os.time())
    hit, previous, miss, other = 0, 0, 0, 0
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
    local state
    for name, value in pairs(headers) do
        if name:lower() == "x-page-cache" then
            state = value
        end
    end
    if state == "hit" then
        hit = hit + 1
    elseif state == "previous" then
        previous = previous + 1
    elseif state == "miss" then
        miss = miss + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local totals = {hit = 0, previous = 0, miss = 0, other = 0}
    for _, thread in ipairs(threads) do
        for name in pairs(totals) do
            totals[name] = totals[name] + (thread:get(name) or 0)
        end
    end
    io.write(string.format("page cache: hit %d previous %d miss %d other %d\n",
                           totals.hit, totals.previous, totals.miss, totals.other))
end
