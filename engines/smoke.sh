#!/bin/bash
# Smoke test of a running engine: analysis-common (language analyzers, scandinavian_folding,
# synonym_graph, dictionary_decompounder, edge_ngram) and _rank_eval.  usage: engines/smoke.sh [PORT]
set -u
P=${1:-9200}; B="http://127.0.0.1:$P"
INDEX_JSON=$(cat <<'JSON'
{
  "settings": {
    "number_of_shards": 1, "number_of_replicas": 0,
    "analysis": {
      "filter": {
        "nb_syn": {"type": "synonym_graph", "synonyms": ["bil, automobil", "sykkel => tohjuling"]},
        "nb_decomp": {"type": "dictionary_decompounder", "word_list": ["fotball", "bane", "sol", "krem"]},
        "edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 10},
        "nb_stem": {"type": "stemmer", "language": "norwegian"},
        "nn_stem": {"type": "stemmer", "language": "light_nynorsk"},
        "sv_stem": {"type": "stemmer", "language": "light_swedish"},
        "nb_stop": {"type": "stop", "stopwords": "_norwegian_"}
      },
      "analyzer": {
        "nb_custom": {"type": "custom", "tokenizer": "standard",
          "filter": ["lowercase", "nb_decomp", "nb_stop", "nb_syn", "scandinavian_folding"]},
        "nb_autocomplete": {"type": "custom", "tokenizer": "standard",
          "filter": ["lowercase", "scandinavian_normalization", "edge"]},
        "sv_custom": {"type": "custom", "tokenizer": "standard",
          "filter": ["lowercase", "sv_stem", "scandinavian_folding"]}
      }
    }
  },
  "mappings": {"properties": {
    "title_nb": {"type": "text", "analyzer": "norwegian"},
    "title_sv": {"type": "text", "analyzer": "swedish"},
    "body": {"type": "text", "analyzer": "nb_custom"},
    "ac": {"type": "text", "analyzer": "nb_autocomplete", "search_analyzer": "standard"}
  }}
}
JSON
)
curl -s -XDELETE "$B/analysis_test" >/dev/null
echo "create: $(curl -s -XPUT "$B/analysis_test" -H 'Content-Type: application/json' --data-binary "$INDEX_JSON")"
an() { # analyzer-or-json text
  curl -s -XPOST "$B/analysis_test/_analyze" -H 'Content-Type: application/json' -d "$1" | python3 -c 'import sys,json; d=json.load(sys.stdin); print([t["token"] for t in d["tokens"]] if "tokens" in d else d)'; }
echo "norwegian: $(an '{"analyzer":"norwegian","text":"Bilene kjørte på veiene i Trondheim"}')"
echo "swedish:   $(an '{"analyzer":"swedish","text":"Bilarna körde på vägarna i Göteborg"}')"
echo "danish:    $(an '{"analyzer":"danish","text":"Bilerne kørte på vejene"}')"
echo "nb_custom (decompound+stop+synonym_graph+folding): $(an '{"analyzer":"nb_custom","text":"Fotballbane og bil på Ærøy"}')"
echo "synonym =>: $(an '{"analyzer":"nb_custom","text":"sykkel"}')"
echo "edge_ngram (scandinavian_normalization): $(an '{"analyzer":"nb_autocomplete","text":"Kjøttkaker Äpple"}')"
echo "sv_custom: $(an '{"analyzer":"sv_custom","text":"Smörgåsarna"}')"
echo "nn light stemmer: $(an '{"tokenizer":"standard","filter":["lowercase",{"type":"stemmer","language":"light_nynorsk"}],"text":"husa bilane"}')"
echo "inline decompounder+hyphenation? : $(an '{"tokenizer":"standard","filter":["lowercase",{"type":"dictionary_decompounder","word_list":["sol","krem"]}],"text":"solkrem"}')"
echo "edge_ngram tokenizer: $(an '{"tokenizer":{"type":"edge_ngram","min_gram":2,"max_gram":5,"token_chars":["letter"]},"text":"Blåbær"}')"
echo "asciifolding/icu-free: $(an '{"tokenizer":"standard","filter":["lowercase","asciifolding"],"text":"Blåbærsyltetøy"}')"
curl -s -XPUT "$B/analysis_test/_doc/1?refresh=true" -H 'Content-Type: application/json' -d '{"title_nb":"Bilene i Trondheim","title_sv":"Bilarna i Göteborg","body":"Fotballbane med bil","ac":"Kjøttkaker"}' >/dev/null
echo "search ac 'kjø': $(curl -s "$B/analysis_test/_search" -H 'Content-Type: application/json' -d '{"query":{"match":{"ac":"Kjø"}}}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["hits"]["total"])')"
echo "search body 'automobil' (synonym): $(curl -s "$B/analysis_test/_search" -H 'Content-Type: application/json' -d '{"query":{"match":{"body":"automobil"}}}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["hits"]["total"])')"
echo "rank_eval: $(curl -s -XPOST "$B/analysis_test/_rank_eval" -H 'Content-Type: application/json' -d '{"requests":[{"id":"q1","request":{"query":{"match":{"title_nb":"bil"}}},"ratings":[{"_index":"analysis_test","_id":"1","rating":1}]}],"metric":{"precision":{"k":5,"relevant_rating_threshold":1}}}')"
curl -s -XDELETE "$B/analysis_test" >/dev/null
