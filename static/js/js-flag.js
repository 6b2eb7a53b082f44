/* Loaded in <head> without defer: says "scripts run" before the first paint,
   so menus that JavaScript opens and closes start closed (site.css). */
document.documentElement.classList.add("js");
