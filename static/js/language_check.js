/* The recovery-focused language check while typing: beside each field marked data-language-check, advice on
   deficit-based wording with the Derbyshire toolkit's strengths-based alternatives. It mirrors the server's check
   (programmes/language.py) from the rules the page carries in #language-rules; the server's check after saving is
   the truth. Advice only: it never stops a form being sent. Loaded with <script src> (the CSP allows no inline
   script or style). */
(function () {
  var LOW_CONFIDENCE = "Check the sense: this wording is deficit-based only in some uses.";

  /* The patterns of programmes/language.py, built here from the rule's text: whole words, hyphens and spaces
     inside a phrase optional, a "non" prefix may be written apart; a context pattern of the table as it is. */
  var BEFORE = "(?<![\\w-])";
  var AFTER = "(?![\\w-])";
  function escapeForPattern(text) {
    return text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
  }
  function wordPattern(word) {
    if (word.slice(0, 3).toLowerCase() === "non" && word.length > 6 && /^\p{L}+$/u.test(word.slice(3))) {
      return escapeForPattern(word.slice(0, 3)) + "[\\s\\-]?" + escapeForPattern(word.slice(3));
    }
    return escapeForPattern(word);
  }
  function phrasePattern(phrase) {
    var words = phrase.trim().split(/[\s\-\/]+/).filter(function (w) { return w; });
    return words.length ? BEFORE + words.map(wordPattern).join("[\\s\\-]?") + AFTER : null;
  }
  function patternsOf(rule) {
    var patterns = (rule.match || []).map(function (m) { return BEFORE + "(?:" + m + ")" + AFTER; });
    (rule.phrases || []).forEach(function (phrase) {
      var pattern = phrasePattern(phrase);
      if (pattern) { patterns.push(pattern); }
    });
    return patterns;
  }

  function compile(rules) {
    rules.forEach(function (rule) {
      rule.compiled = [];
      patternsOf(rule).forEach(function (source) {
        try {
          rule.compiled.push(new RegExp(source, "gi"));
        } catch (error) {
          /* a pattern this browser cannot read: the server still checks it after saving */
        }
      });
    });
    return rules;
  }

  /* The advice on one text: for each rule found, the first wording found and how often. */
  function check(text, rules) {
    var advice = [];
    if (!text || !text.trim()) {
      return advice;
    }
    rules.forEach(function (rule) {
      var found = [];
      rule.compiled.forEach(function (pattern) {
        pattern.lastIndex = 0;
        var match;
        while ((match = pattern.exec(text)) !== null) {
          found.push(match[0]);
          if (match[0] === "") {
            pattern.lastIndex += 1;
          }
        }
      });
      if (found.length) {
        advice.push({ found: found[0], count: found.length, rule: rule });
      }
    });
    return advice;
  }

  function quoted(text) {
    return "\u201c" + text + "\u201d";
  }

  function sentence(item) {
    var said = quoted(item.found);
    if (item.rule.strengths_based && item.rule.strengths_based.length) {
      said += ": try " + item.rule.strengths_based.map(quoted).join(" or ");
    }
    said += ".";
    if (item.rule.note) {
      said += " " + item.rule.note;
    }
    if (item.rule.confidence === "low") {
      said += " " + LOW_CONFIDENCE;
    }
    return said;
  }

  /* The checker itself, for the browser test that compares it with the server's (tests/e2e). */
  window.languageCheck = { compile: compile, check: check, sentence: sentence };

  var holder = document.getElementById("language-rules");
  if (!holder) {
    return;
  }
  var rules;
  try {
    rules = compile(JSON.parse(holder.getAttribute("data-language-rules") || "[]"));
  } catch (error) {
    return;
  }

  function describedBy(field, id, on) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (each) {
      return each && each !== id;
    });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      field.setAttribute("aria-describedby", ids.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }

  function show(field, region) {
    var advice = check(field.value, rules);
    region.textContent = "";
    if (advice.length) {
      var heading = document.createElement("p");
      heading.className = "mb-1";
      heading.textContent = "Recovery-focused language (advice only: it never stops you saving):";
      var list = document.createElement("ul");
      list.className = "mb-0";
      advice.forEach(function (item) {
        var line = document.createElement("li");
        line.textContent = sentence(item);
        if (item.rule.confidence === "low") {
          line.className = "text-body-secondary";
        }
        list.appendChild(line);
      });
      region.appendChild(heading);
      region.appendChild(list);
    }
    /* Described by the advice only while there is some, so a field's description is otherwise unchanged. */
    describedBy(field, region.id, advice.length > 0);
  }

  document.querySelectorAll("[data-language-check]").forEach(function (field, index) {
    var region = document.createElement("div");
    region.id = (field.id || "language-field-" + index) + "-language-advice";
    region.className = "language-advice form-text";
    region.setAttribute("aria-live", "polite");
    var wrapper = field.closest(".mb-3") || field.parentElement;
    wrapper.appendChild(region);
    var timer = null;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        show(field, region);
      }, 400);
    });
    show(field, region);
  });
})();
