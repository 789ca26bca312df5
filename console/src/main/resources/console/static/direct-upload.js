// A corrected file larger than the page's upload limit goes straight to storage (AWS: API Gateway
// and Lambda take a few MB per request): the console signs a PUT for the file's SHA-256, the
// browser PUTs the file with the signed headers, then posts the rerun with the object's key; the
// console checks the stored file's header and first lines before the run starts. Where the
// console answers {"needed":false} (locally), the page's own upload takes the file.
(function () {
  "use strict";
  var form = document.getElementById("rerun-form");
  if (!form || !window.fetch || !window.crypto || !window.crypto.subtle) {
    return;
  }
  var bytesMax = Number(form.dataset.uploadBytesMax);
  var status = document.getElementById("rerun-direct-status");

  function show(text) {
    status.hidden = false;
    status.textContent = text;
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function post(action, fields) {
    var f = document.createElement("form");
    f.method = "post";
    f.action = action;
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      f.appendChild(input);
    });
    document.body.appendChild(f);
    f.submit();
  }

  form.addEventListener("submit", function (event) {
    var file = document.getElementById("rerun-file").files[0];
    if (!file || file.size <= bytesMax) {
      return; // the page's upload takes it
    }
    event.preventDefault();
    var csrf = form.querySelector("input[name=_csrf]").value;
    show(form.dataset.uploading);
    file.arrayBuffer().then(function (content) {
      return crypto.subtle.digest("SHA-256", content);
    }).then(function (digest) {
      var body = new URLSearchParams({ sha256: hex(digest), bytes: String(file.size) });
      return fetch(form.dataset.uploadUrl, { method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } });
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + response.statusText);
      }
      return response.json();
    }).then(function (signed) {
      if (!signed.needed) {
        form.submit(); // not needed here: the page's upload (which names the limit if it is over)
        return null;
      }
      return fetch(signed.url, { method: "PUT", body: file, headers: signed.headers }).then(function (put) {
        if (!put.ok) {
          throw new Error("PUT " + put.status);
        }
        post(form.dataset.rerunUploaded, { _csrf: csrf, key: signed.key,
          encoding: document.getElementById("rerun-encoding").value,
          reason: document.getElementById("rerun-reason").value });
      });
    }).catch(function (error) {
      show(form.dataset.uploadFailed + error.message);
    });
  });
})();
