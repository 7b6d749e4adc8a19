package com.streamlens.tools.generator;

import java.util.List;

/**
 * The generator's product catalogue: every item id maps, deterministically, to a category path and a title in Russian
 * or English made the way stores title goods (kind, brand, model, size, "for" a car or use), so that content profiles
 * built from page titles mean something on run-local and in bench-content. Titles run ~35–70 characters.
 */
public final class Catalogue {
    private Catalogue() {}

    /** One category: its path, how its goods are called in each language, brands, and the details a title adds. */
    record Category(String path, List<String> ru, List<String> en, List<String> brands, List<String> details, List<String> suffixRu,
                    List<String> suffixEn, boolean replenishable) {}

    static final List<Category> CATEGORIES = List.of(
            new Category("Авто/Шины", List.of("Шины летние", "Шины зимние", "Шина всесезонная"), List.of("Summer tyres", "Winter tyres", "All-season tyre"),
                    List.of("Nokian Hakka", "Michelin Primacy", "Continental EcoContact", "Pirelli Cinturato", "Bridgestone Turanza"),
                    List.of("205/55 R16", "195/65 R15", "225/45 R17", "215/60 R16", "185/65 R15"),
                    List.of("для Toyota Corolla", "для Kia Rio", "для VW Polo", "для Hyundai Solaris", "для Skoda Octavia"),
                    List.of("for Toyota Corolla", "for Kia Rio", "for VW Golf", "for Ford Focus", "for Honda Civic"), false),
            new Category("Авто/Диски", List.of("Диски литые", "Диск штампованный"), List.of("Alloy wheels", "Steel wheel"),
                    List.of("K&K", "Replica", "Alutec", "Borbet"), List.of("R16 5x114.3", "R15 4x100", "R17 5x112"),
                    List.of("для Toyota Corolla", "для Kia Rio", "для Renault Logan"), List.of("for Toyota Corolla", "for VW Golf"), false),
            new Category("Электроника/Смартфоны", List.of("Смартфон"), List.of("Smartphone"),
                    List.of("Apple iPhone 15", "Apple iPhone 15 Pro", "Samsung Galaxy S24", "Xiaomi Redmi Note 13", "Google Pixel 8"),
                    List.of("128 ГБ", "256 ГБ", "512GB", "8/256GB"), List.of("черный", "синий", "титан"), List.of("black", "blue", "titanium"), false),
            new Category("Электроника/Телевизоры", List.of("Телевизор"), List.of("Smart TV"),
                    List.of("Samsung Crystal", "LG OLED", "Sony Bravia", "Xiaomi Mi TV", "Hisense"),
                    List.of("55\" 4K UHD", "65\" 4K", "43\" Full HD", "50\" QLED"), List.of("Smart TV, Wi-Fi", "с HDR"), List.of("with HDR", "Wi-Fi"), false),
            new Category("Электроника/Наушники", List.of("Наушники беспроводные", "Наушники накладные"), List.of("Wireless earbuds", "Headphones"),
                    List.of("Apple AirPods Pro", "Sony WH-1000XM5", "JBL Tune 520BT", "Xiaomi Buds 4"), List.of("Bluetooth 5.3", "ANC"),
                    List.of("с шумоподавлением", "белые"), List.of("noise cancelling", "white"), false),
            new Category("Дом/Чайники", List.of("Чайник электрический"), List.of("Electric kettle"),
                    List.of("Bosch", "Tefal", "Philips", "Redmond"), List.of("1.7 л", "1.5 л", "2200 Вт"), List.of("стеклянный", "из нержавеющей стали"),
                    List.of("glass", "stainless steel"), false),
            new Category("Продукты/Молоко", List.of("Молоко", "Молоко ультрапастеризованное"), List.of("Milk", "UHT milk"),
                    List.of("Простоквашино", "Домик в деревне", "Parmalat", "Вкуснотеево"), List.of("3.2%", "2.5%", "1 л", "0.9 л"),
                    List.of("пастеризованное", "фермерское"), List.of("whole", "organic"), true),
            new Category("Продукты/Кофе", List.of("Кофе в зернах", "Кофе молотый"), List.of("Coffee beans", "Ground coffee"),
                    List.of("Lavazza", "Jacobs", "Paulig", "Illy"), List.of("1 кг", "250 г", "500 г"), List.of("арабика", "эспрессо"),
                    List.of("arabica", "espresso roast"), true),
            new Category("Одежда/Носки", List.of("Носки хлопковые", "Носки спортивные"), List.of("Cotton socks", "Sport socks"),
                    List.of("Гранд", "Nike", "Puma", "Conte"), List.of("39-42", "43-46", "набор 5 пар"), List.of("черные", "белые"),
                    List.of("black", "white", "5 pairs"), true),
            new Category("Спорт/Кроссовки", List.of("Кроссовки беговые", "Кроссовки для зала"), List.of("Running shoes", "Training shoes"),
                    List.of("Nike Pegasus 40", "Adidas Ultraboost", "Asics Gel-Kayano 30", "New Balance 1080"), List.of("размер 42", "размер 44", "US 9"),
                    List.of("мужские", "женские"), List.of("men's", "women's"), false),
            new Category("Книги/Фантастика", List.of("Книга"), List.of("Book"),
                    List.of("Стругацкие «Пикник на обочине»", "Лем «Солярис»", "Asimov \"Foundation\"", "Herbert \"Dune\""),
                    List.of("твердый переплет", "paperback"), List.of("издание 2023", "серия «Шедевры фантастики»"), List.of("2023 edition", "illustrated"), false),
            new Category("Детям/Конструкторы", List.of("Конструктор"), List.of("Building set"),
                    List.of("LEGO City", "LEGO Technic", "LEGO Friends"), List.of("60337", "42115", "41757"), List.of("от 7 лет", "500 деталей"),
                    List.of("ages 7+", "500 pieces"), false));

    public static int categories() {
        return CATEGORIES.size();
    }

    /** The item's category (spread evenly over the ids). */
    public static Category category(int item) {
        return CATEGORIES.get(Math.floorMod(mix(item), CATEGORIES.size()));
    }

    public static String categoryPath(int item) {
        return category(item).path();
    }

    /** Whether the item's kind is bought again (milk, coffee, socks), for the generator's repeat purchases. */
    public static boolean replenishable(int item) {
        return category(item).replenishable();
    }

    /** The item's title: Russian for two items in three, English for the rest. */
    public static String title(int item) {
        Category c = category(item);
        int h = mix(item * 31 + 7);
        boolean russian = Math.floorMod(h, 3) != 0;
        List<String> kinds = russian ? c.ru() : c.en();
        List<String> suffixes = russian ? c.suffixRu() : c.suffixEn();
        return kinds.get(pick(h, 1, kinds.size())) + " " + c.brands().get(pick(h, 2, c.brands().size())) + " "
                + c.details().get(pick(h, 3, c.details().size())) + " " + suffixes.get(pick(h, 4, suffixes.size()));
    }

    private static int pick(int h, int salt, int n) {
        return Math.floorMod(mix(h * 0x61C88647 + salt), n);
    }

    private static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }
}
