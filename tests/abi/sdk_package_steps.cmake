# One step of the SDK package test, run by CTest as `cmake -DSTEP=<step> ... -P <this file>`.
#   install:   install component "sdk" of BUILD_DIR into PREFIX; only SDK files may appear
#   version:   find_package(EncoreSDK) from PREFIX accepts 1 / 1.0 and refuses 2
#   configure: configure EXAMPLE_SOURCE out of tree in EXAMPLE_BUILD with compiler CXX
#   build:     build it, and check the compiler really was clang
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} --component sdk)
  file(GLOB_RECURSE installed RELATIVE ${PREFIX} ${PREFIX}/*)
  foreach(file IN LISTS installed)
    if(NOT file MATCHES "^include/encore/" AND NOT file MATCHES "^lib/cmake/EncoreSDK/")
      message(FATAL_ERROR "component sdk installed ${file}, which is not part of the SDK")
    endif()
  endforeach()
  foreach(file IN ITEMS include/encore/plugin_abi.h include/encore/sdk/plugin.hpp
                        include/encore/sdk/testing/loaded_plugin.hpp
                        lib/cmake/EncoreSDK/EncoreSDKConfig.cmake
                        lib/cmake/EncoreSDK/EncoreSDKConfigVersion.cmake
                        lib/cmake/EncoreSDK/EncoreSDKTargets.cmake
                        lib/cmake/EncoreSDK/EncorePlugin.cmake)
    if(NOT EXISTS ${PREFIX}/${file})
      message(FATAL_ERROR "component sdk did not install ${file}")
    endif()
  endforeach()
elseif(STEP STREQUAL "version")
  set(project_dir ${WORK_DIR}/version-check)
  file(REMOVE_RECURSE ${project_dir})
  file(WRITE ${project_dir}/CMakeLists.txt [=[
cmake_minimum_required(VERSION 3.18)
project(encore_sdk_version_check LANGUAGES CXX)
find_package(EncoreSDK 2 QUIET)
if(EncoreSDK_FOUND)
  message(FATAL_ERROR "an SDK for plugin ABI 1 was accepted for ABI 2")
endif()
find_package(EncoreSDK 1.0 REQUIRED)
if(NOT EncoreSDK_VERSION VERSION_EQUAL "${EXPECTED_VERSION}")
  message(FATAL_ERROR "EncoreSDK_VERSION is ${EncoreSDK_VERSION}, expected ${EXPECTED_VERSION}")
endif()
if(NOT TARGET EncoreSDK::sdk OR NOT COMMAND encore_add_plugin)
  message(FATAL_ERROR "EncoreSDK::sdk or encore_add_plugin() is missing")
endif()
get_target_property(type EncoreSDK::sdk TYPE)
if(NOT type STREQUAL "INTERFACE_LIBRARY")
  message(FATAL_ERROR "EncoreSDK::sdk is ${type}, expected INTERFACE_LIBRARY")
endif()
]=])
  run(${CMAKE_COMMAND} -S ${project_dir} -B ${project_dir}/build -G ${GENERATOR}
      -DCMAKE_PREFIX_PATH=${PREFIX} -DEXPECTED_VERSION=${EXPECTED_VERSION})
elseif(STEP STREQUAL "configure")
  file(REMOVE_RECURSE ${EXAMPLE_BUILD})
  run(${CMAKE_COMMAND} -S ${EXAMPLE_SOURCE} -B ${EXAMPLE_BUILD} -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_CXX_STANDARD=17 -DCMAKE_PREFIX_PATH=${PREFIX}
      -DCMAKE_BUILD_TYPE=RelWithDebInfo)
elseif(STEP STREQUAL "build")
  run(${CMAKE_COMMAND} --build ${EXAMPLE_BUILD})
  file(READ ${EXAMPLE_BUILD}/CMakeFiles/${CMAKE_VERSION}/CMakeCXXCompiler.cmake compiler_info)
  if(NOT compiler_info MATCHES "set\\(CMAKE_CXX_COMPILER_ID \"Clang\"\\)")
    message(FATAL_ERROR "the example was not built with clang")
  endif()
else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
