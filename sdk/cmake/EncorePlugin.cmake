include_guard(GLOBAL)

# encore_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>])
#
# Builds one Encore plugin as a MODULE library named encore_<name>.so. Symbols are hidden by
# default (only the sectioned entry alias is exported, so one plugin's symbols never shadow
# another's) and undefined symbols are link errors, not load-time surprises.
#
# The library goes to ENCORE_PLUGIN_OUTPUT_DIR when that variable is set (the Encore tree sets
# it to <build>/plugins); otherwise to the usual CMake output directory. Used in the Encore tree
# and, through find_package(EncoreSDK), by plugins built out of tree.
function(encore_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target encore_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE EncoreSDK::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE -Wl,-z,defs)
  if(DEFINED ENCORE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ENCORE_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()

# encore_add_plugin_bench(<target> PLUGIN <name> SOURCES <files...>)
#
# A bench program that loads the built plugin encore_<name> through the SDK test loader: the
# plugin's path is given to it as ENCORE_<NAME>_PLUGIN, and building the program builds the plugin
# first. C++17, as the plugins are.
function(encore_add_plugin_bench target)
  cmake_parse_arguments(ARG "" "PLUGIN" "SOURCES" ${ARGN})
  string(TOUPPER ${ARG_PLUGIN} upper)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE EncoreSDK::sdk)
  target_compile_definitions(${target} PRIVATE
    ENCORE_${upper}_PLUGIN="$<TARGET_FILE:encore_${ARG_PLUGIN}>")
  set_target_properties(${target} PROPERTIES CXX_STANDARD 17)
  add_dependencies(${target} encore_${ARG_PLUGIN})
endfunction()

# encore_add_plugin_test(<target> SOURCES <files...> PLUGINS <names...>
#                        [LIBRARIES <targets...>] [DEFINITIONS <name=value...>]
#                        [DISCOVERY_TIMEOUT <seconds>])
#
# A GoogleTest program that runs the built plugins encore_<name> through the SDK test loader:
# each plugin's path is given to it as ENCORE_<NAME>_PLUGIN, building the program builds the
# plugins first, includes are rooted at the project, and its tests are registered with ctest.
function(encore_add_plugin_test target)
  cmake_parse_arguments(ARG "" "DISCOVERY_TIMEOUT" "SOURCES;PLUGINS;LIBRARIES;DEFINITIONS" ${ARGN})
  include(GoogleTest)
  add_executable(${target} ${ARG_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE EncoreSDK::sdk GTest::gtest_main ${ARG_LIBRARIES})
  foreach(plugin IN LISTS ARG_PLUGINS)
    string(TOUPPER ${plugin} upper)
    target_compile_definitions(${target} PRIVATE
      ENCORE_${upper}_PLUGIN="$<TARGET_FILE:encore_${plugin}>")
    add_dependencies(${target} encore_${plugin})
  endforeach()
  if(ARG_DEFINITIONS)
    target_compile_definitions(${target} PRIVATE ${ARG_DEFINITIONS})
  endif()
  if(ARG_DISCOVERY_TIMEOUT)
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT ${ARG_DISCOVERY_TIMEOUT})
  else()
    gtest_discover_tests(${target})
  endif()
endfunction()
