package io.nightshift.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** How maps are kept in TEXT columns: plain JSON, so that any SQL client can read them. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> PARAMS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Double>> RESULT = new TypeReference<>() {};

    private Json() {
    }

    static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store map as JSON (only JSON-like values are supported): " + map, e);
        }
    }

    static Map<String, Object> readParams(String json) {
        return read(json, PARAMS);
    }

    /** Jackson writes NaN and infinities as the strings "NaN" and "Infinity" and reads them back as doubles. */
    static Map<String, Double> readResult(String json) {
        return json == null ? Map.of() : read(json, RESULT);
    }

    static String writeIds(java.util.List<Long> ids) {
        try {
            return MAPPER.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store ids as JSON: " + ids, e);
        }
    }

    static java.util.List<Long> readIds(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<java.util.List<Long>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is not a list of ids: " + json, e);
        }
    }

    /** Insertion order is kept, and null values are allowed (unlike Map.copyOf). */
    static <V> Map<String, V> readOnly(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static <V> Map<String, V> read(String json, TypeReference<LinkedHashMap<String, V>> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is not a valid map: " + json, e);
        }
    }
}
