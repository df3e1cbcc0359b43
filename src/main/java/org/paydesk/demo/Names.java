package org.paydesk.demo;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Readable names from small word lists. Usernames are {@code adjective-noun-number}; the caller
 * gives each participant a distinct {@code slot} below {@link #slotCount}, and distinct slots
 * always give distinct usernames. Slots follow alphabetical order (up to the number), so writing
 * participants in slot order fills the username indexes from left to right.
 */
final class Names {

    private static final List<String> ADJECTIVES = sorted(
            "able", "amber", "ancient", "arctic", "autumn", "bold", "brave", "breezy", "bright", "brisk",
            "calm", "candid", "clever", "cosmic", "cozy", "crimson", "curious", "daring", "dawn", "deep",
            "eager", "early", "earnest", "electric", "emerald", "epic", "fair", "fancy", "fearless", "fluffy",
            "frosty", "gentle", "giant", "glad", "golden", "grand", "happy", "hidden", "honest", "humble",
            "icy", "indigo", "jolly", "keen", "kind", "lively", "lucky", "lunar", "mellow", "merry",
            "mighty", "misty", "modest", "noble", "nimble", "odd", "olive", "patient", "plucky", "polite",
            "proud", "quick", "quiet", "rapid", "rare", "rosy", "rustic", "sandy", "scarlet", "shiny",
            "silent", "silver", "sleepy", "smooth", "snowy", "solar", "spicy", "steady", "stormy", "sunny",
            "swift", "tidy", "tiny", "trusty", "urban", "velvet", "vivid", "warm", "wild", "windy",
            "wise", "witty", "young", "zany", "zesty", "zen");

    private static final List<String> NOUNS = sorted(
            "acorn", "badger", "beacon", "bear", "beetle", "birch", "bison", "brook", "canyon", "cedar",
            "cloud", "comet", "coral", "cricket", "crow", "dolphin", "dove", "eagle", "ember", "falcon",
            "fern", "finch", "fjord", "forest", "fox", "galaxy", "garden", "gecko", "glacier", "harbor",
            "hawk", "hedgehog", "heron", "island", "jaguar", "koala", "lagoon", "lantern", "lark", "lemur",
            "lily", "lion", "lotus", "lynx", "maple", "meadow", "meteor", "mole", "moose", "moth",
            "narwhal", "nebula", "newt", "oak", "ocean", "orchid", "otter", "owl", "panda", "pebble",
            "pepper", "pine", "planet", "plum", "puffin", "quail", "rabbit", "raven", "reef", "river",
            "robin", "rocket", "sparrow", "spruce", "squid", "star", "stone", "summit", "swan", "thistle",
            "thunder", "tiger", "toucan", "tulip", "turtle", "valley", "violet", "walrus", "whale", "willow",
            "wolf", "wren", "yak", "zebra", "breeze", "meerkat");

    private static final List<String> FIRST_NAMES = List.of(
            "Ada", "Alan", "Amara", "Ana", "Arjun", "Ben", "Bianca", "Carlos", "Chen", "Chloe",
            "Dana", "David", "Elena", "Emeka", "Emma", "Farah", "Felix", "Grace", "Hana", "Hugo",
            "Ines", "Ivan", "Jade", "Jonas", "Kai", "Kofi", "Lara", "Leo", "Lina", "Lucas",
            "Maya", "Mateo", "Mei", "Nadia", "Nico", "Noor", "Olga", "Omar", "Priya", "Quinn",
            "Rafael", "Rosa", "Sam", "Sofia", "Tariq", "Tess", "Uma", "Victor", "Wen", "Yara",
            "Yusuf", "Zoe");

    private static final List<String> LAST_NAMES = List.of(
            "Abbott", "Adeyemi", "Alvarez", "Bauer", "Bianchi", "Brown", "Chen", "Costa", "Dubois", "Eriksen",
            "Fischer", "Garcia", "Haddad", "Hansen", "Ivanova", "Jensen", "Kato", "Khan", "Kowalski", "Larsen",
            "Lopez", "Martin", "Mensah", "Moreau", "Nakamura", "Novak", "Okafor", "Oliveira", "Park", "Patel",
            "Petrov", "Quispe", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Sato", "Tanaka", "Torres",
            "Nguyen", "Walker", "Weber", "Wilson", "Yilmaz", "Zhang");

    private static final List<String> PROJECT_SUFFIXES = List.of(
            "Podcast", "Studio", "Collective", "Radio", "Press", "Lab", "Club", "Workshop", "Zine", "Project");

    /** Usernames with the same adjective and noun differ by their number's hundreds, so slots never collide. */
    private static final int NUMBERS_PER_GROUP = 100;

    private Names() {
    }

    /** How many number groups each adjective-noun pair needs so that every participant gets a slot. */
    static int groupsFor(int participants) {
        int pairs = ADJECTIVES.size() * NOUNS.size();
        return (participants + pairs - 1) / pairs;
    }

    static int slotCount(int groups) {
        return ADJECTIVES.size() * NOUNS.size() * groups;
    }

    static String username(int slot, int groups, SplittableRandom random) {
        int adjective = slot / (NOUNS.size() * groups);
        int noun = (slot / groups) % NOUNS.size();
        int group = slot % groups;
        int number = group * NUMBERS_PER_GROUP + random.nextInt(NUMBERS_PER_GROUP);
        return ADJECTIVES.get(adjective) + "-" + NOUNS.get(noun) + "-" + number;
    }

    static String personName(SplittableRandom random) {
        return pick(FIRST_NAMES, random) + " " + pick(LAST_NAMES, random);
    }

    static String firstName(SplittableRandom random) {
        return pick(FIRST_NAMES, random);
    }

    static String projectName(SplittableRandom random) {
        return capitalized(pick(ADJECTIVES, random)) + " " + capitalized(pick(NOUNS, random)) + " "
                + pick(PROJECT_SUFFIXES, random);
    }

    /** "brave-otter-42" becomes "Brave Otter". */
    static String fromUsername(String username) {
        String[] words = username.split("-");
        return capitalized(words[0]) + " " + capitalized(words[1]);
    }

    private static List<String> sorted(String... words) {
        return Stream.of(words).sorted().toList();
    }

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
