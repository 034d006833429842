// Search suggestions for the site search box (templates/includes/search_box.html).
//
// Turns every form[data-autocomplete] into a WAI-ARIA 1.2 combobox with list
// autocomplete: typing asks GET <data-suggest-url>?q=… for suggestions and shows
// them in the form's role="listbox"; the input keeps DOM focus and points at the
// active option with aria-activedescendant. Without JavaScript the form is a
// plain GET search form, and it still submits normally whenever no option is
// chosen.
//
// Every text shown or announced comes from the form's data-msg-* and data-type-*
// attributes (translated by the template). Server data only ever goes into the
// page through textContent, and nothing here uses inline styles, so the script
// runs under a strict Content-Security-Policy (script-src 'self').
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MIN_LENGTH = 2;
  var MAX_SUGGESTIONS = 10;
  var LANG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

  function charCount(text) {
    return Array.from(text).length;
  }

  // Letters the suggestion API treats as the same, so that what it matched is
  // highlighted: "bær" typed marks "Bær" and "bar" alike. The table is the
  // server's own (FOLDED_LETTERS in search/suggest.py), handed over in the form's
  // data-fold attribute, so the two cannot differ. Each maps to one character,
  // so positions in the folded text stay those of the original.
  var FOLD = {};
  var WORD_CHAR = /[\p{L}\p{N}]/u;

  function foldTable(form) {
    try {
      var table = JSON.parse(form.getAttribute("data-fold") || "{}");
      return table && typeof table === "object" ? table : {};
    } catch (error) {
      return {}; // highlight exact letters only
    }
  }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i += 1) {
      var lower = text[i].toLowerCase();
      if (lower.length !== 1) {
        lower = text[i]; // never change the length
      }
      out += Object.prototype.hasOwnProperty.call(FOLD, lower) ? FOLD[lower] : lower;
    }
    return out;
  }

  // Where the query matches the text: preferably at the start of a word,
  // otherwise anywhere; null when it does not match (say, a typo the server forgave).
  function findMatch(text, query) {
    var needle = fold(query.replace(/\s+/g, " "));
    if (!needle) {
      return null;
    }
    var haystack = fold(text);
    var first = -1;
    var from = 0;
    for (;;) {
      var at = haystack.indexOf(needle, from);
      if (at === -1) {
        break;
      }
      if (first === -1) {
        first = at;
      }
      if (at === 0 || !WORD_CHAR.test(haystack[at - 1])) {
        return { start: at, length: needle.length };
      }
      from = at + 1;
    }
    return first === -1 ? null : { start: first, length: needle.length };
  }

  // Fills `element` with `text`, the matched part wrapped in <mark>. No innerHTML.
  function appendHighlighted(element, text, query) {
    var match = findMatch(text, query);
    if (!match) {
      element.textContent = text;
      return;
    }
    var mark = document.createElement("mark");
    mark.textContent = text.slice(match.start, match.start + match.length);
    element.append(text.slice(0, match.start), mark, text.slice(match.start + match.length));
  }

  // Only http(s) links are followed; anything else (javascript:, data:) is ignored.
  function safeUrl(url) {
    if (typeof url !== "string" || url === "") {
      return null;
    }
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function cleanSuggestions(data) {
    if (!data || !Array.isArray(data.suggestions)) {
      return [];
    }
    return data.suggestions
      .filter(function (item) {
        return item && typeof item.text === "string" && item.text !== "";
      })
      .slice(0, MAX_SUGGESTIONS);
  }

  function Autocomplete(form) {
    this.form = form;
    this.input = form.querySelector("[role=combobox]");
    this.listbox = document.getElementById(this.input.getAttribute("aria-controls"));
    this.status = form.querySelector("[role=status]");
    this.endpoint = form.getAttribute("data-suggest-url") || "/api/search/suggest/";
    // Longer text gets a 400 from the API: do not even ask.
    this.maxLength = Number(form.getAttribute("data-suggest-max-length")) || Infinity;
    this.uiLanguage = document.documentElement.lang || "";

    this.suggestions = []; // what the listbox shows
    this.shownQuery = null; // the query those suggestions answer
    this.activeIndex = -1;
    this.timer = null;
    this.controller = null;
    this.sequence = 0; // bumps with every request; only the newest one counts
    this.lastAnnouncement = "";

    // The script offers its own list: the browser's form history would cover it.
    this.input.setAttribute("autocomplete", "off");
    this.bind();
  }

  Autocomplete.prototype.message = function (name) {
    return this.form.getAttribute("data-msg-" + name) || "";
  };

  Autocomplete.prototype.typeLabel = function (type) {
    return /^[a-z]+$/.test(type || "") ? this.form.getAttribute("data-type-" + type) || "" : "";
  };

  Autocomplete.prototype.query = function () {
    return this.input.value.trim();
  };

  Autocomplete.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Autocomplete.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      self.onInput();
    });
    this.input.addEventListener("keydown", function (event) {
      self.onKeydown(event);
    });
    this.input.addEventListener("blur", function () {
      self.close();
    });
    // Keep focus in the input while an option is pressed (mouse, touch and pen
    // all fire mousedown), so that blur does not close the list before the click.
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && self.listbox.contains(option)) {
        self.choose(Number(option.getAttribute("data-index")));
      }
    });
    this.form.addEventListener("submit", function () {
      self.cancel();
      self.close();
    });
    // Coming back with the back button must not show a stale open list.
    window.addEventListener("pageshow", function () {
      self.cancel();
      self.close();
    });
  };

  // Whether the text typed so far is worth asking about.
  Autocomplete.prototype.suggestible = function (query) {
    var length = charCount(query);
    return length >= MIN_LENGTH && length <= this.maxLength;
  };

  Autocomplete.prototype.onInput = function () {
    var self = this;
    this.setActive(-1);
    window.clearTimeout(this.timer);
    if (!this.suggestible(this.query())) {
      this.cancel();
      this.clear();
      return;
    }
    this.timer = window.setTimeout(function () {
      self.fetchSuggestions();
    }, DEBOUNCE_MS);
  };

  Autocomplete.prototype.cancel = function () {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.sequence += 1; // whatever is still on its way is now stale
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  };

  Autocomplete.prototype.fetchSuggestions = function () {
    var self = this;
    var query = this.query();
    if (!this.suggestible(query)) {
      return;
    }
    this.cancel();
    var sequence = this.sequence;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    this.controller = controller;

    var url = new URL(this.endpoint, window.location.href);
    url.searchParams.set("q", query);
    fetch(url.href, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        // A 400 ({"error": …}) or any other failure simply means no list.
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (sequence !== self.sequence || query !== self.query()) {
          return; // an answer to an older query
        }
        self.controller = null;
        if (data === null) {
          self.clear();
        } else {
          self.show(query, cleanSuggestions(data));
        }
      })
      .catch(function (error) {
        if (sequence === self.sequence && (!error || error.name !== "AbortError")) {
          self.controller = null;
          self.close();
        }
      });
  };

  Autocomplete.prototype.show = function (query, suggestions) {
    this.suggestions = suggestions;
    this.shownQuery = query;
    this.render(query);
    var count = suggestions.length;
    if (count === 0) {
      this.close();
      this.announce(this.message("none"));
      return;
    }
    this.announce(
      count === 1 ? this.message("count-one") : this.message("count-other").replace("%d", String(count))
    );
    // Answers that arrive after the reader has left the box wait for ArrowDown.
    if (document.activeElement === this.input) {
      this.open();
    }
  };

  Autocomplete.prototype.render = function (query) {
    var self = this;
    var listboxId = this.listbox.id;
    this.activeIndex = -1;
    this.input.removeAttribute("aria-activedescendant");
    var options = this.suggestions.map(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = listboxId + "-option-" + index;
      option.className = "search-box__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      var language = typeof suggestion.language === "string" ? suggestion.language : "";
      if (LANG_PATTERN.test(language)) {
        option.lang = language;
      }

      var text = document.createElement("span");
      text.className = "search-box__text";
      appendHighlighted(text, suggestion.text, query);
      option.append(text);

      var label = self.typeLabel(suggestion.type);
      if (label) {
        // The comma keeps screen readers from running text and type together.
        var separator = document.createElement("span");
        separator.className = "ds-sr-only";
        separator.textContent = ", ";
        var type = document.createElement("span");
        type.className = "search-box__type";
        type.setAttribute("data-type", suggestion.type);
        type.textContent = label;
        if (option.lang && self.uiLanguage) {
          type.lang = self.uiLanguage; // the label is in the UI's language, not the content's
        }
        option.append(separator, type);
      }
      return option;
    });
    this.listbox.replaceChildren.apply(this.listbox, options);
  };

  Autocomplete.prototype.open = function () {
    if (this.suggestions.length === 0) {
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.form.classList.add("search-box--open");
  };

  Autocomplete.prototype.close = function () {
    this.setActive(-1);
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.form.classList.remove("search-box--open");
  };

  // Forgets the suggestions altogether (query too short, or cleared).
  Autocomplete.prototype.clear = function () {
    this.close();
    this.suggestions = [];
    this.shownQuery = null;
    this.listbox.replaceChildren();
    this.announce("");
  };

  Autocomplete.prototype.announce = function (text) {
    // The same words twice in a row are not read again: vary them invisibly.
    if (text !== "" && text === this.lastAnnouncement.replace(/\u00a0$/, "")) {
      text += this.lastAnnouncement.slice(-1) === "\u00a0" ? "" : "\u00a0";
    }
    this.lastAnnouncement = text;
    this.status.textContent = text;
  };

  Autocomplete.prototype.setActive = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    if (this.activeIndex >= 0 && options[this.activeIndex]) {
      options[this.activeIndex].setAttribute("aria-selected", "false");
      options[this.activeIndex].classList.remove("search-box__option--active");
    }
    this.activeIndex = index >= 0 && index < options.length ? index : -1;
    if (this.activeIndex === -1) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    var option = options[this.activeIndex];
    option.setAttribute("aria-selected", "true");
    option.classList.add("search-box__option--active");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest", inline: "nearest" });
  };

  Autocomplete.prototype.move = function (step) {
    var count = this.suggestions.length;
    if (count === 0) {
      return;
    }
    var next;
    if (this.activeIndex === -1) {
      next = step > 0 ? 0 : count - 1;
    } else {
      next = (this.activeIndex + step + count) % count;
    }
    this.setActive(next);
  };

  // Suggestions already fetched for what the input says now.
  Autocomplete.prototype.haveCurrentSuggestions = function () {
    return this.suggestions.length > 0 && this.shownQuery === this.query();
  };

  Autocomplete.prototype.onKeydown = function (event) {
    if (event.isComposing || event.keyCode === 229 || event.ctrlKey || event.metaKey) {
      return; // an input method is composing, or a browser shortcut
    }
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (this.isOpen()) {
          if (!event.altKey) {
            this.move(event.key === "ArrowDown" ? 1 : -1);
          } else if (event.key === "ArrowUp") {
            this.close();
          }
        } else if (this.haveCurrentSuggestions()) {
          this.open();
          if (!event.altKey) {
            this.move(event.key === "ArrowDown" ? 1 : -1);
          }
        } else if (this.suggestible(this.query())) {
          window.clearTimeout(this.timer);
          this.fetchSuggestions();
        }
        break;
      case "Enter":
        if (this.isOpen() && this.activeIndex >= 0) {
          event.preventDefault();
          this.choose(this.activeIndex);
        }
        // Otherwise the form submits what was typed.
        break;
      case "Escape":
        if (this.isOpen() || this.timer !== null || this.controller !== null) {
          event.preventDefault(); // keeps the browser from clearing a search input
          this.cancel(); // nor may an answer still on its way reopen the list
          this.close();
        } else if (this.input.value !== "") {
          event.preventDefault();
          this.cancel();
          this.input.value = "";
          this.clear();
        }
        break;
      case "Tab":
        this.close();
        break;
      case "Home":
      case "End":
      case "ArrowLeft":
      case "ArrowRight":
        // The caret moves in the input; the option stops being active.
        this.setActive(-1);
        break;
      default:
        break;
    }
  };

  Autocomplete.prototype.choose = function (index) {
    var suggestion = this.suggestions[index];
    if (!suggestion) {
      return;
    }
    this.cancel();
    this.input.value = suggestion.text;
    this.close();
    var url = safeUrl(suggestion.url);
    if (url) {
      window.location.assign(url);
    } else if (typeof this.form.requestSubmit === "function") {
      this.form.requestSubmit();
    } else {
      this.form.submit();
    }
  };

  function init() {
    var forms = document.querySelectorAll("form[data-autocomplete]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.hasAttribute("data-autocomplete-ready")) {
        return;
      }
      var input = form.querySelector("[role=combobox][aria-controls]");
      if (!input || !document.getElementById(input.getAttribute("aria-controls")) || !window.fetch) {
        return;
      }
      form.setAttribute("data-autocomplete-ready", "");
      FOLD = foldTable(form);
      new Autocomplete(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
